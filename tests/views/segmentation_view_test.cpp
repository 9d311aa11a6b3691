// The segmentation view in the real app (headless ImGui): the AP tab's IoU threshold is a
// timeline driven by the playback keys, painting on the prediction lands in the link, and a
// dropped masks PNG becomes the prediction (a photo or a bad file changes nothing), and the
// "save the masks" button offers the painted prediction as that PNG.
#include <catch2/catch.hpp>

#include <string>

#include "app/headless.h"
#include "core/png.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "topics/segmentation/core/segmentation_state.h"
#include "topics/segmentation/view/seg_view.h"
#include "topics/views.h"

using namespace mlviz;

TEST_CASE("segmentation view: the IoU threshold steps, plays and pauses with the playback keys", "[segmentation][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=segmentation&tab=ap&iou=0.75");
    for (int i = 0; i < 5; ++i) session.Frame(); // the COCO evaluation finishes over frames
    HeadlessInput right;
    right.Key = ImGuiKey_RightArrow;
    session.Frame(right);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "tab=ap&iou=0.76");
    HeadlessInput left;
    left.Key = ImGuiKey_LeftArrow;
    session.Frame(left);
    session.Frame(left);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "tab=ap&iou=0.74");
    HeadlessInput space;
    space.Key = ImGuiKey_Space;
    session.Frame(space);
    for (int i = 0; i < 30; ++i) session.Frame();
    const std::string playing = StatePartOf(app.Fragment());
    CHECK(playing != "tab=ap&iou=0.74");
    session.Frame(space);
    session.Frame();
    const std::string paused = StatePartOf(app.Fragment());
    for (int i = 0; i < 10; ++i) session.Frame();
    CHECK(StatePartOf(app.Fragment()) == paused);
    // The keys belong to the AP tab only: elsewhere they leave the state alone.
    app.OpenFragment("topic=segmentation&tab=semantic");
    session.Frame();
    session.Frame(right);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "tab=semantic");
}

TEST_CASE("segmentation view: a masks PNG dropped on it becomes the prediction, other files change nothing",
          "[segmentation][state]")
{
    auto view = CreateTopicView("segmentation");
    REQUIRE(view);
    // The perfect prediction of the default scene, with one car cell repainted as person #40.
    const Scene scene = *GenerateScene(SegSceneConfig(SegmentationState()));
    LabelMap masks = scene.Full;
    std::size_t car = 0;
    while (masks.Class[car] != kSegCar) ++car;
    masks.Class[car] = kSegPerson;
    masks.Instance[car] = 40;
    Image img{masks.Width, masks.Height, LabelMapToRgba(masks)};
    std::string error;
    CHECK(view->OnFileDropped("masks.png", EncodePng(img), error));
    CHECK(error.empty());
    EditLayer expected = EditLayer::Empty(masks.Width, masks.Height);
    expected.Cells[car] = kSegPerson | (40 << 8);
    CHECK(view->EncodeState() == "edits=" + *EncodeEdits(expected));
    const std::string before = view->EncodeState();
    // A photo-like image of the right size: a class 200 is no class.
    Image photo{masks.Width, masks.Height, std::vector<std::uint8_t>(masks.Size() * 4, 200)};
    CHECK_FALSE(view->OnFileDropped("photo.png", EncodePng(photo), error));
    CHECK(error.find("photo.png") != std::string::npos);
    CHECK_FALSE(view->OnFileDropped("small.png", EncodePng(Image{10, 10, std::vector<std::uint8_t>(400, 0)}), error));
    CHECK_FALSE(view->OnFileDropped("junk.png", "not a png at all", error));
    CHECK(view->EncodeState() == before);
}

TEST_CASE("segmentation view: a brush stroke on the prediction is kept in the link", "[segmentation][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenQuery("embed=1&controls=0"); // the pictures alone: the prediction fills the lower left
    app.OpenFragment("topic=segmentation&pclass=sky");
    for (int i = 0; i < 3; ++i) session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "pclass=sky");
    // Drag across the lower half until something is painted (the GT pictures above take no paint).
    bool painted = false;
    for (float y = 300.0f; y < 780.0f && !painted; y += 40.0f) {
        for (float x = 300.0f; x < 1200.0f && !painted; x += 60.0f) {
            HeadlessInput down;
            down.MouseX = x, down.MouseY = y, down.MouseDown = true;
            session.Frame(down);
            down.MouseX = x + 20.0f;
            session.Frame(down);
            HeadlessInput up;
            up.MouseX = x + 20.0f, up.MouseY = y;
            session.Frame(up);
            painted = StatePartOf(app.Fragment()).find("edits=") != std::string::npos;
        }
    }
    CHECK(painted);
    const std::string link = StatePartOf(app.Fragment());
    auto view = CreateTopicView("segmentation");
    CHECK(view->DecodeState(link).empty());
    CHECK(view->EncodeState() == link);
}

TEST_CASE("segmentation view: the save button offers the painted prediction as a masks PNG that a drop reads back",
          "[segmentation][state]")
{
    // A link with one painted cell: the perfect prediction's first car cell repainted as person #300
    // (an id above 255 uses both the G and B bytes).
    const Scene scene = *GenerateScene(SegSceneConfig(SegmentationState()));
    std::size_t car = 0;
    while (scene.Full.Class[car] != kSegCar) ++car;
    EditLayer edits = EditLayer::Empty(scene.Full.Width, scene.Full.Height);
    edits.Cells[car] = kSegPerson | (300 << 8);
    const std::string link = "edits=" + *EncodeEdits(edits);

    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=segmentation&" + link);
    REQUIRE(StatePartOf(app.Fragment()) == link);
    for (int i = 0; i < 3; ++i) session.Frame();
    REQUIRE(session.Offered().empty()); // nothing is offered unasked
    const ImGuiID save = ImHashStr(kSegSaveMasksLabelId, 0, ImHashStr(kSegSaveMasksScope));
    ImGui::ActivateItemByID(save);
    session.Frame();
    session.Frame();
    REQUIRE(session.Offered().size() == 1);
    const OfferedFile& file = session.Offered()[0];
    CHECK(file.Name == "mlviz-segmentation-masks.png");
    const auto img = DecodeImage(file.Bytes);
    REQUIRE(img.Ok());
    const auto masks = LabelMapFromRgba(img->Pixels, img->Width, img->Height);
    REQUIRE(masks.Ok());
    CHECK(masks->Class[car] == kSegPerson);
    CHECK(masks->Instance[car] == 300);

    // Dropped on a fresh view (the same scene and perturbation, no edits), the file brings them back.
    auto view = CreateTopicView("segmentation");
    std::string error;
    CHECK(view->OnFileDropped(file.Name, file.Bytes, error));
    CHECK(view->EncodeState() == link);
}
