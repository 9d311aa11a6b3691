// Embedded assets and the font: the binaries carry the font and sample images, and the font
// subset has a glyph for every character the questions, topics and UI strings show.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "core/assets.h"
#include "core/image.h"
#include "core/questions.h"
#include "core/text.h"
#include "core/topics.h"
#include "frame_check.h"
#include "imgui.h"

using namespace mlviz;
using namespace mlviz::test;

TEST_CASE("Embedded binary assets: the font and every sample image decode", "[found][smoke]")
{
    CHECK(FindAsset(BinaryAssets(), "fonts/mlviz-font.ttf").size() > 10000);
    int images = 0;
    for (const EmbeddedFile& f : BinaryAssets()) {
        const std::string_view name(f.Name);
        if (name.size() < 4 || (name.substr(name.size() - 4) != ".png" && name.substr(name.size() - 4) != ".jpg")) continue;
        INFO(name);
        const Result<Image> img = DecodeImage(std::string_view(reinterpret_cast<const char*>(f.Data), f.Size));
        CHECK(img.Ok());
        if (img.Ok()) CHECK(img->Pixels.size() == static_cast<std::size_t>(img->Width) * img->Height * 4);
        ++images;
    }
    CHECK(FindAsset(BinaryAssets(), "assets/images/street_scene.png").size() > 0);
    CHECK(images >= 1);
}

TEST_CASE("Headless ImGui loads the real font with Cyrillic, Greek and maths glyphs", "[found][smoke]")
{
    Headless h(1280, 800);
    REQUIRE(h.Fonts.Ok);
    REQUIRE(h.AtlasOk);
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    for (ImWchar c : {ImWchar(U'ж'), ImWchar(U'Ё'), ImWchar(U'β'), ImWchar(U'Σ'), ImWchar(U'∇'), ImWchar(U'≤'), ImWchar(U'→'),
                      ImWchar(U'—'), ImWchar(U'…'), ImWchar(U'×'), ImWchar(U'±'), ImWchar(U'²')}) {
        INFO("U+" << std::hex << static_cast<unsigned>(c));
        CHECK(font->FindGlyphNoFallback(c) != nullptr);
    }
}

TEST_CASE("Every character the app can show has a glyph in the font subset", "[found][smoke]")
{
    Headless h(1280, 800);
    REQUIRE(h.Fonts.Ok);
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    // Question titles and answers.
    std::set<char32_t> missing;
    auto scan = [&](std::string_view text, std::set<char32_t>& out) {
        for (std::size_t i = 0; i < text.size();) {
            const char32_t cp = DecodeUtf8(text, i);
            if (cp >= 0x20 && cp != 0xFFFD && cp <= 0xFFFF && !font->FindGlyphNoFallback(static_cast<ImWchar>(cp)))
                out.insert(cp);
        }
    };
    for (const Question& q : BuiltinQuestions().Value().Questions) {
        scan(q.Title, missing);
        scan(q.Answer, missing);
    }
    for (const TopicInfo& t : Topics()) scan(t.TitleRu, missing);
    for (const Section& s : BuiltinQuestions().Value().Sections) scan(s.TitleRu, missing);
    for (char32_t cp : missing) FAIL_CHECK("question text needs U+" << std::hex << static_cast<unsigned>(cp));
    // UI strings: string literals in every source file under src/ (views added later included).
    const std::filesystem::path src = std::filesystem::path(__FILE__).parent_path() / "../../src";
    if (!std::filesystem::exists(src)) {
        WARN("skipped the source scan: " << src.string() << " is not here");
        return;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
        const std::string ext = entry.path().extension().string();
        if (ext != ".cpp" && ext != ".h" && ext != ".inc") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        std::set<char32_t> in_file;
        // Only inside "..." on one line: comments may use any character.
        std::size_t line_start = 0;
        while (line_start < text.size()) {
            std::size_t line_end = text.find('\n', line_start);
            if (line_end == std::string::npos) line_end = text.size();
            std::string_view line(text.data() + line_start, line_end - line_start);
            const std::size_t comment = line.find("//");
            bool in_string = false;
            std::string literal;
            for (std::size_t i = 0; i < line.size(); ++i) {
                if (!in_string && i == comment) break;
                if (line[i] == '\\' && in_string) {
                    ++i;
                    continue;
                }
                if (line[i] == '"') {
                    if (in_string) scan(literal, in_file);
                    in_string = !in_string;
                    literal.clear();
                    continue;
                }
                if (in_string) literal += line[i];
            }
            line_start = line_end + 1;
        }
        for (char32_t cp : in_file)
            FAIL_CHECK(entry.path().filename().string() << " shows U+" << std::hex << static_cast<unsigned>(cp)
                                                        << ", which the font subset lacks (cmake/Assets.cmake, ui/fonts.cpp)");
    }
}
