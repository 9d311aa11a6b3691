// The image-processing view in the real app (headless ImGui): dropped files (corrupt, huge, good),
// the hysteresis steps with the playback keys on every tab, and every tab and stage drawn cleanly
// while the photos arrive. Links: tests/views/topic_links_test.cpp; the registry's checks:
// topic_registry_test.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "app/headless.h"
#include "core/png.h"
#include "imgui.h"
#include "topics/views.h"

using namespace mlviz;

namespace {

std::string TinyPng(int w, int h)
{
    Image img;
    img.Width = w;
    img.Height = h;
    img.Pixels.resize(static_cast<std::size_t>(w) * h * 4);
    for (std::size_t i = 0; i < img.Pixels.size(); ++i) img.Pixels[i] = static_cast<std::uint8_t>((i * 37) % 251);
    return EncodePng(img);
}

} // namespace

TEST_CASE("image_processing view: a corrupt or huge file changes nothing, a good one becomes the image",
          "[image_processing][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=image_processing&tab=otsu&t=90");
    for (int i = 0; i < 3; ++i) session.Frame();
    const std::string before = StatePartOf(app.Fragment());
    CHECK(before == "tab=otsu&t=90");

    app.DropFile("broken.png", "\x89PNG\r\n\x1a\nnot really a png");
    session.Frame();
    REQUIRE(app.Notices().size() == 1);
    CHECK(app.Notices()[0].find("broken.png") != std::string::npos);
    CHECK(StatePartOf(app.Fragment()) == before);

    // A PNG header that claims 20000 x 20000 pixels: refused before anything is decoded.
    std::string huge = TinyPng(4, 4);
    REQUIRE(huge.size() > 24);
    for (int k = 0; k < 2; ++k) { // IHDR width and height, big-endian, at bytes 16 and 20
        const unsigned v = 20000;
        huge[16 + 4 * k] = static_cast<char>(v >> 24);
        huge[17 + 4 * k] = static_cast<char>((v >> 16) & 255);
        huge[18 + 4 * k] = static_cast<char>((v >> 8) & 255);
        huge[19 + 4 * k] = static_cast<char>(v & 255);
    }
    app.DropFile("huge.png", huge);
    session.Frame();
    REQUIRE(app.Notices().size() == 1);
    CHECK(app.Notices()[0].find("huge.png") != std::string::npos);
    CHECK(StatePartOf(app.Fragment()) == before);

    app.DropFile("mine.png", TinyPng(40, 30));
    for (int i = 0; i < 5; ++i) session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "tab=otsu&image=user&t=90");
}

TEST_CASE("image_processing view: the playback keys step the hysteresis, from any tab", "[image_processing][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    for (const char* tab : {"tab=canny&image=uneven", "image=uneven", "tab=augment&image=uneven"}) {
        INFO(tab);
        app.OpenFragment(std::string("topic=image_processing&") + tab);
        session.Frame();
        HeadlessInput left;
        left.Key = ImGuiKey_LeftArrow;
        session.Frame(left);
        session.Frame();
        const std::string stepped = StatePartOf(app.Fragment());
        CHECK(stepped.find("step=") != std::string::npos);
        for (int i = 0; i < 500 && StatePartOf(app.Fragment()).find("step=0") == std::string::npos; ++i) {
            session.Frame(left); // press by press back to the strong seeds
            session.Frame();
        }
        CHECK(StatePartOf(app.Fragment()) == std::string(tab) + "&step=0");
        HeadlessInput right;
        right.Key = ImGuiKey_RightArrow;
        session.Frame(right);
        session.Frame();
        CHECK(StatePartOf(app.Fragment()) == std::string(tab) + "&step=1");
    }
}

TEST_CASE("image_processing view: every tab, stage and transform draws", "[image_processing][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    const char* links[] = {"image=coffee&px=10&py=10&kernel=gaussian&ksize=9",
                           "image=uneven&px=0&py=0&kernel=custom&border=zero",
                           "tab=otsu&image=uneven&px=30&py=40",
                           "tab=otsu&image=chelsea",
                           "tab=canny&stage=blur",
                           "tab=canny&l2=1&stage=gradient",
                           "tab=canny&px=100&py=100&stage=direction",
                           "tab=canny&sigma=0&stage=nms",
                           "tab=canny&image=coffee&stage=threshold",
                           "tab=canny&image=chelsea&step=0",
                           "tab=augment&aug=cutmix",
                           "tab=augment&image=uneven&aug=mixup",
                           "tab=augment&mix=cutmix&p_mix=1",
                           "tab=augment&image=user"};
    for (const char* link : links) {
        INFO(link);
        app.OpenFragment(std::string("topic=image_processing&") + link);
        CHECK(app.Notices().empty());
        int vertices = 0;
        for (int i = 0; i < 40; ++i) vertices = session.Frame();
        CHECK(vertices > 200);
        CHECK(StatePartOf(app.Fragment()) == link);
    }
}
