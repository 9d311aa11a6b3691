// View smoke test: the whole app (question list, every registered topic, the answer panel)
// driven headless (ImGui without GL) for many frames with seeded mouse input, at several
// window sizes; checks balanced ImGui stacks, valid draw data and that views draw something.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "core/assets.h"
#include "core/image.h"
#include "core/questions.h"
#include "core/text.h"
#include "core/topics.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/fonts.h"
#include "ui/heatmap_renderer.h"
#include "ui/image_textures.h"
#include "ui/theme.h"

using namespace mlviz;

namespace {

// The frame budgets below are for optimized builds. An unoptimized build (the ASan + UBSan
// preset is Debug) runs the same frames several times slower, so it gets headroom that still
// shows a hang.
#ifdef NDEBUG
constexpr double kBudgetScale = 1.0;
#else
constexpr double kBudgetScale = 10.0;
#endif

// One ImGui context set up the way main.cpp does it, minus GL: real font, theme, display.
class Headless {
public:
    Headless(float width, float height, float pixel_scale = 1.0f)
    {
        Context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        ApplyTheme(Theme::Dark);
        Fonts = LoadFonts(FindAsset(BinaryAssets(), "fonts/mlviz-font.ttf"), 16.0f, pixel_scale);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        AtlasOk = pixels != nullptr && w > 0 && h > 0;
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(3)));
        // What imgui_impl_opengl3 announces on GL 3.3 / WebGL2: meshes may pass 64K vertices.
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        io.DisplaySize = ImVec2(width, height);
        io.DisplayFramebufferScale = ImVec2(pixel_scale, pixel_scale);
        io.DeltaTime = 1.0f / 60.0f;
        Ctx.Heatmaps = &Heatmaps;
        Ctx.Images = &Images;
        Ctx.PixelScale = pixel_scale;
    }
    ~Headless() { ImGui::DestroyContext(Context); }
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;

    ImGuiContext* Context = nullptr;
    LoadedFonts Fonts;
    bool AtlasOk = false;
    NullHeatmapRenderer Heatmaps;
    NullImageTextures Images;
    ViewContext Ctx;
};

struct FrameReport {
    std::vector<std::string> Problems;   // unbalanced stacks, recovered errors, bad draw data
    int VisualizationVertices = 0;       // drawn by the centre panel and its children
    int AnswerVertices = 0;
    int ListVertices = 0;
    ImRect Visualization, List;
    bool VisualizationHovered = false;   // the mouse is over the centre panel (or a child)
    bool VisualizationActive = false;    // a widget in the centre panel is being clicked/dragged
    bool VisualizationWidgetHovered = false;   // the mouse is over a widget of the centre panel
    double Milliseconds = 0.0;
};

void CollectRecovered(void* user, const char* fmt, ...)
{
    char buf[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    static_cast<std::vector<std::string>*>(user)->push_back(std::string("ImGui recovered: ") + buf);
}

ImGuiWindow* FindChild(const char* name_part)
{
    // Child windows are named "<parent>/<name>_<id>" (ImGui 1.90).
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (w->Active && (w->Flags & ImGuiWindowFlags_ChildWindow) && std::strstr(w->Name, name_part)) return w;
    return nullptr;
}

int VerticesUnder(const ImGuiWindow* root)
{
    if (!root) return 0;
    int n = 0;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
        if (!w->Active) continue;
        for (const ImGuiWindow* p = w; p; p = p->ParentWindow)
            if (p == root) { n += w->DrawList->VtxBuffer.Size; break; }
    }
    return n;
}

// One frame of the app; ImGui's end-of-frame checks compile out in Release (IM_ASSERT is
// assert()), so the stacks are checked here by hand before ImGui would fix them silently.
template <typename Draw>
FrameReport RunFrameWith(Draw&& draw)
{
    FrameReport r;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const auto t0 = std::chrono::steady_clock::now();
    ImGui::NewFrame();
    draw();
    if (g.CurrentWindowStack.Size != 1) r.Problems.push_back("window stack " + std::to_string(g.CurrentWindowStack.Size) + " != 1 (Begin/End mismatch)");
    if (g.CurrentWindow && g.CurrentWindow->IDStack.Size != 1) r.Problems.push_back("ID stack not balanced (PushID/PopID)");
    if (g.ColorStack.Size) r.Problems.push_back("PushStyleColor without Pop: " + std::to_string(g.ColorStack.Size));
    if (g.StyleVarStack.Size) r.Problems.push_back("PushStyleVar without Pop: " + std::to_string(g.StyleVarStack.Size));
    if (g.FontStack.Size) r.Problems.push_back("PushFont without Pop");
    if (g.GroupStack.Size) r.Problems.push_back("BeginGroup without EndGroup");
    if (g.ItemFlagsStack.Size != 1) r.Problems.push_back("PushItemFlag/BeginDisabled not balanced");
    if (g.DisabledStackSize) r.Problems.push_back("BeginDisabled without EndDisabled");
    if (g.CurrentTable) r.Problems.push_back("BeginTable without EndTable");
    if (g.BeginPopupStack.Size) r.Problems.push_back("BeginPopup without EndPopup");
    if (g.CurrentWindow && g.CurrentWindow->DC.TreeDepth) r.Problems.push_back("TreeNode without TreePop");
    ImGui::ErrorCheckEndFrameRecover(&CollectRecovered, &r.Problems);
    ImGui::Render();
    r.Milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    const ImDrawData* dd = ImGui::GetDrawData();
    if (!dd || !dd->Valid) r.Problems.push_back("no valid draw data");
    else
        for (int l = 0; l < dd->CmdListsCount; ++l) {
            const ImDrawList* dl = dd->CmdLists[l];
            for (const ImDrawVert& v : dl->VtxBuffer)
                if (!std::isfinite(v.pos.x) || !std::isfinite(v.pos.y) || !std::isfinite(v.uv.x) || !std::isfinite(v.uv.y)) {
                    r.Problems.push_back(std::string("non-finite vertex in draw list of '") + dl->_OwnerName + "'");
                    break;
                }
            for (const ImDrawCmd& c : dl->CmdBuffer) {
                if (c.UserCallback) continue;
                if (c.IdxOffset + c.ElemCount > static_cast<unsigned>(dl->IdxBuffer.Size) || c.VtxOffset > static_cast<unsigned>(dl->VtxBuffer.Size))
                    r.Problems.push_back("draw command outside its buffers");
                if (!std::isfinite(c.ClipRect.x) || !std::isfinite(c.ClipRect.y) || !std::isfinite(c.ClipRect.z) || !std::isfinite(c.ClipRect.w))
                    r.Problems.push_back("non-finite clip rectangle");
                if (c.TextureId == ImTextureID{}) r.Problems.push_back("draw command without texture");
            }
            for (ImDrawIdx idx : dl->IdxBuffer)
                if (idx >= static_cast<unsigned>(dl->VtxBuffer.Size)) { r.Problems.push_back("index past the vertex buffer"); break; }
        }
    const ImGuiWindow* vis = FindChild("/visualization_");
    const ImGuiWindow* list = FindChild("/questions_");
    r.VisualizationVertices = VerticesUnder(vis);
    r.AnswerVertices = VerticesUnder(FindChild("/answer_"));
    r.ListVertices = VerticesUnder(list);
    if (vis) r.Visualization = vis->Rect();
    if (list) r.List = list->Rect();
    auto under_vis = [&](const ImGuiWindow* w) {
        for (; w && vis; w = w->ParentWindow)
            if (w == vis) return true;
        return false;
    };
    r.VisualizationHovered = under_vis(g.HoveredWindow);
    r.VisualizationActive = g.ActiveId != 0 && under_vis(g.ActiveIdWindow);
    r.VisualizationWidgetHovered = g.HoveredId != 0 && r.VisualizationHovered;
    return r;
}

FrameReport RunFrame(App& app, Headless& h)
{
    return RunFrameWith([&] { app.Frame(h.Ctx); });
}

// Seeded mouse and keyboard: moves, clicks, drags (press, move for a few frames, release),
// wheel turns, and Ctrl+click followed by typing an extreme value and Enter (ImGui sliders and
// drags then take any typed number unless the view clamps it). Aimed at a rectangle (the
// centre panel) so the views get the input.
class MouseScript {
public:
    explicit MouseScript(std::uint32_t seed) : Rng(seed) {}

    // `over_widget`: the last frame had a widget under the mouse (Ctrl+click it to type).
    void Queue(const ImRect& target, bool over_widget = false)
    {
        ImGuiIO& io = ImGui::GetIO();
        const ImRect area = target.GetWidth() > 4.0f ? target : ImRect(ImVec2(0, 0), io.DisplaySize);
        if (TypingStep > 0) {
            Type(io);
            return;
        }
        if (over_widget && HeldFrames == 0 && TypeText && Rng() % 3 == 0) {
            io.AddKeyEvent(ImGuiMod_Ctrl, true);
            io.AddMouseButtonEvent(0, true);
            TypingStep = 1;
            return;
        }
        if (HeldFrames > 0) {
            Pos.x = std::clamp(Pos.x + Uniform(-25.0f, 25.0f), area.Min.x, area.Max.x);
            Pos.y = std::clamp(Pos.y + Uniform(-25.0f, 25.0f), area.Min.y, area.Max.y);
            io.AddMousePosEvent(Pos.x, Pos.y);
            if (--HeldFrames == 0) io.AddMouseButtonEvent(0, false);
            return;
        }
        // x before y, spelled out: the order of a call's arguments is unspecified (g++ and clang
        // differ), and every compiler must replay the same gestures.
        const float x = Uniform(area.Min.x, area.Max.x);
        const float y = Uniform(area.Min.y, area.Max.y);
        Pos = ImVec2(x, y);
        io.AddMousePosEvent(Pos.x, Pos.y);
        const unsigned action = Rng() % 20;
        if (action < 6) {   // click, or press and drag for up to 12 frames
            io.AddMouseButtonEvent(0, true);
            HeldFrames = 1 + static_cast<int>(Rng() % 12);
        } else if (action < 8) {
            io.AddMouseWheelEvent(0.0f, Uniform(-2.0f, 2.0f));
        }
    }
    void Release()
    {
        ImGuiIO& io = ImGui::GetIO();
        if (HeldFrames > 0 || TypingStep > 0) io.AddMouseButtonEvent(0, false);
        if (TypingStep > 0) io.AddKeyEvent(ImGuiMod_Ctrl, false);
        HeldFrames = TypingStep = 0;
    }
    bool TypeText = true;

private:
    void Type(ImGuiIO& io)
    {
        static const char* kValues[] = {"1e30", "-1e30", "nan", "inf", "-inf", "0", "-7", "99999999", "1e-300", "abc", ""};
        switch (TypingStep++) {
        case 1: io.AddMouseButtonEvent(0, false); io.AddKeyEvent(ImGuiMod_Ctrl, false); break;
        case 2:   // select all, then replace
            io.AddKeyEvent(ImGuiMod_Ctrl, true); io.AddKeyEvent(ImGuiKey_A, true);
            io.AddKeyEvent(ImGuiKey_A, false); io.AddKeyEvent(ImGuiMod_Ctrl, false);
            break;
        case 3: io.AddInputCharactersUTF8(kValues[Rng() % std::size(kValues)]); break;
        case 4: io.AddKeyEvent(ImGuiKey_Enter, true); break;
        default: io.AddKeyEvent(ImGuiKey_Enter, false); TypingStep = 0; break;
        }
    }
    float Uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>(Rng() / 4294967296.0); }
    std::mt19937 Rng;
    ImVec2 Pos;
    int HeldFrames = 0;
    int TypingStep = 0;
};

void CheckReport(const FrameReport& r, const std::string& where)
{
    INFO(where);
    for (const std::string& p : r.Problems) FAIL_CHECK(p);
}

struct DisplayCase {
    float Width, Height, PixelScale;
    int Frames;
};

// Drives one topic at one display size; returns the median frame time in ms.
double DriveTopic(const TopicInfo& topic, const DisplayCase& d, std::uint32_t seed)
{
    Headless h(d.Width, d.Height, d.PixelScale);
    REQUIRE(h.Fonts.Ok);
    App app;
    app.SelectTopic(topic.Id);
    REQUIRE(app.SelectedTopic() == topic.Id);
    MouseScript mouse(seed);
    std::vector<double> times;
    int typed = 0;
    bool over_widget = false;
    ImRect vis;
    int most_vertices = 0, hovered = 0, active = 0;
    for (int frame = 0; frame < d.Frames; ++frame) {
        // First frames: let the layout settle. Then aim below the panel's header row (title,
        // PNG export) so the clicks land in the view itself.
        ImRect view_area = vis;
        view_area.Min.y = std::min(view_area.Max.y, view_area.Min.y + 2.2f * ImGui::GetFrameHeightWithSpacing());
        if (frame >= 2) mouse.Queue(view_area, over_widget);
        const FrameReport r = RunFrame(app, h);
        std::ostringstream where;
        where << "topic " << topic.Id << " at " << d.Width << "x" << d.Height << " scale " << d.PixelScale << ", frame " << frame;
        CheckReport(r, where.str());
        if (!r.Problems.empty()) break;
        vis = r.Visualization;
        most_vertices = std::max(most_vertices, r.VisualizationVertices);
        hovered += r.VisualizationHovered;
        typed += ImGui::GetIO().WantTextInput && r.VisualizationActive;
        over_widget = r.VisualizationWidgetHovered;
        active += r.VisualizationActive;
        times.push_back(r.Milliseconds);
        // A click may follow a link to another topic of the same question; come back.
        if (app.SelectedTopic() != topic.Id) app.SelectTopic(topic.Id);
    }
    mouse.Release();
    INFO("topic " << topic.Id << " at " << d.Width << "x" << d.Height);
    CHECK(vis.GetWidth() > 100.0f);
    CHECK(vis.GetHeight() > 100.0f);
    CHECK(most_vertices > 1000);   // the view drew a real picture, not just its title
    CHECK(hovered > d.Frames / 2);  // the mouse script does reach the view...
    CHECK(active > 0);              // ...and grabs at least one of its widgets
    std::sort(times.begin(), times.end());
    if (!times.empty()) {
        // Views must never block a frame for long (split heavy work across frames).
        INFO("slowest frame " << times.back() << " ms; frames with a typed value in the view: " << typed);
        CHECK(times.back() < 500.0 * kBudgetScale);
    }
    return times.empty() ? 0.0 : times[times.size() / 2];
}

} // namespace

TEST_CASE("The frame checker catches unbalanced ImGui calls", "[found][smoke]")
{
    Headless h(640, 480);
    CHECK(RunFrameWith([] { ImGui::Begin("ok"); ImGui::Text("x"); ImGui::End(); }).Problems.empty());
    CHECK_FALSE(RunFrameWith([] { ImGui::Begin("no end"); }).Problems.empty());
    CHECK_FALSE(RunFrameWith([] { ImGui::PushStyleColor(ImGuiCol_Text, 0xFFFFFFFFu); }).Problems.empty());
    CHECK_FALSE(RunFrameWith([] { ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.5f); }).Problems.empty());
    CHECK_FALSE(RunFrameWith([] { ImGui::BeginGroup(); }).Problems.empty());
    CHECK_FALSE(RunFrameWith([] { ImGui::PushID(1); }).Problems.empty());
    CHECK_FALSE(RunFrameWith([] { ImGui::GetForegroundDrawList()->AddLine(ImVec2(0, 0), ImVec2(NAN, 1), 0xFFFFFFFFu); }).Problems.empty());
    // Not caught in Release: a PushID left open inside a window is dropped by End() (per-window
    // ID stack), and ImGui's own check there is an IM_ASSERT, compiled out with NDEBUG.
    CHECK(RunFrameWith([] {}).Problems.empty());   // and recovers for the next frame
}

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
    for (ImWchar c : {ImWchar(U'ж'), ImWchar(U'Ё'), ImWchar(U'β'), ImWchar(U'Σ'), ImWchar(U'∇'), ImWchar(U'≤'),
                      ImWchar(U'→'), ImWchar(U'—'), ImWchar(U'…'), ImWchar(U'×'), ImWchar(U'±'), ImWchar(U'²')}) {
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
            if (cp >= 0x20 && cp != 0xFFFD && cp <= 0xFFFF && !font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) out.insert(cp);
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
                if (line[i] == '\\' && in_string) { ++i; continue; }
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

TEST_CASE("Every registered topic runs >= 60 frames with mouse input at several sizes", "[found][smoke]")
{
    REQUIRE_FALSE(Topics().empty());
    const DisplayCase sizes[] = {{1280, 800, 1.0f, 240}, {1920, 1080, 1.0f, 90}, {800, 600, 1.0f, 90}, {1280, 720, 2.0f, 60}};
    for (const DisplayCase& d : sizes) {
        for (std::size_t i = 0; i < Topics().size(); ++i) {
            const TopicInfo& t = Topics()[i];
            const double median = DriveTopic(t, d, 1000u + static_cast<std::uint32_t>(i));
            // Reported, not asserted tightly: the test machine is shared. A hang shows here.
            if (d.Width == 1280 && d.PixelScale == 1.0f)
                WARN("topic " << t.Id << ": median frame (whole app, headless, no GL) " << median << " ms");
            CHECK(median < 50.0 * kBudgetScale);
        }
    }
}

TEST_CASE("Every question 1-86 can be selected and drawn", "[found][smoke]")
{
    Headless h(1280, 800);
    App app;
    MouseScript mouse(86u);
    REQUIRE(app.Bank().Questions.size() == 86);
    for (int q = 1; q <= 86; ++q) {
        // Let a held button go first: a Selectable fires on release, which would pick another row.
        mouse.Release();
        RunFrame(app, h);
        app.SelectQuestion(q);
        const FrameReport first = RunFrame(app, h);
        INFO("question " << q);
        CheckReport(first, "question " + std::to_string(q));
        CHECK(app.SelectedQuestion() == q);
        const auto topics = TopicsForQuestion(q);
        if (topics.empty()) CHECK(app.SelectedTopic().empty());
        else CHECK(std::find(topics.begin(), topics.end(), FindTopic(app.SelectedTopic())) != topics.end());
        if (!topics.empty()) CHECK(first.VisualizationVertices > 40);   // no topic: the answer takes the space
        CHECK(first.AnswerVertices > 200);         // question title and the answer (or "pending")
        CHECK(first.ListVertices > 1000);
        // A few frames of clicks anywhere (list, answer, top bar).
        for (int k = 0; k < 3; ++k) {
            mouse.Queue(ImRect(ImVec2(0, 0), ImGui::GetIO().DisplaySize));
            CheckReport(RunFrame(app, h), "question " + std::to_string(q) + " with clicks");
        }
    }
}

TEST_CASE("The search box takes Cyrillic input and filters the list", "[found][smoke]")
{
    Headless h(1280, 800);
    App app;
    FrameReport r = RunFrame(app, h);
    r = RunFrame(app, h);
    const int all_rows = r.ListVertices;
    REQUIRE(r.List.GetWidth() > 0.0f);
    ImGuiIO& io = ImGui::GetIO();
    // The search field is the first widget of the list panel.
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 field(r.List.Min.x + style.WindowPadding.x + 20.0f, r.List.Min.y + style.WindowPadding.y + ImGui::GetFrameHeight() * 0.5f);
    io.AddMousePosEvent(field.x, field.y);
    io.AddMouseButtonEvent(0, true);
    RunFrame(app, h);
    io.AddMouseButtonEvent(0, false);
    RunFrame(app, h);
    REQUIRE(io.WantTextInput);
    io.AddInputCharactersUTF8("РЕЦЕПТИВНОЕ");
    for (int k = 0; k < 4; ++k) r = RunFrame(app, h);
    CheckReport(r, "after typing a search");
    INFO("list vertices: all " << all_rows << ", filtered " << r.ListVertices);
    CHECK(r.ListVertices < all_rows / 3);
    CHECK(r.ListVertices > 100);   // the matching question (47) is still listed
}

TEST_CASE("App: deep links, notices and state for the page hook", "[found][smoke]")
{
    Headless h(1280, 800);
    App app;
    CHECK(app.SelectedQuestion() >= 1);
    app.OpenFragment("#q=57");
    CHECK(app.SelectedQuestion() == 57);
    CHECK(app.SelectedTopic() == "activations");
    CHECK(app.Notices().empty());
    const nlohmann::json s = nlohmann::json::parse(app.StateJson());
    CHECK(s["question"] == 57);
    CHECK(s["topic"] == "activations");
    app.OpenFragment(app.Fragment());   // the URL the app writes opens the same place
    CHECK(app.SelectedQuestion() == 57);
    CHECK(app.Notices().empty());

    app.OpenFragment("#q=999&topic=nope");
    CHECK(app.Notices().size() == 2);
    CHECK(app.SelectedQuestion() == 57);   // bad values change nothing
    CheckReport(RunFrame(app, h), "frame with notices");
    const nlohmann::json bad = nlohmann::json::parse(app.StateJson());
    CHECK(bad["notices"].size() == 2);

    app.SelectQuestion(0);
    app.SelectQuestion(87);
    CHECK(app.SelectedQuestion() == 57);
    app.SelectTopic("no_such_topic");
    CHECK(app.SelectedTopic() == "activations");
    for (const TopicInfo& t : Topics()) {
        app.SelectTopic(t.Id);
        CHECK(app.SelectedTopic() == t.Id);
        CHECK(std::find(t.Questions.begin(), t.Questions.end(), app.SelectedQuestion()) != t.Questions.end());
        app.OpenFragment("#topic=" + std::string(t.Id));
        CHECK(app.SelectedTopic() == t.Id);
    }
    std::mt19937 rng(7u);
    for (int k = 0; k < 300; ++k) {   // garbage fragments never break the app
        std::string f(rng() % 30, '\0');
        for (char& c : f) c = "q=topic&%#0123456789ab\xd0\xff"[rng() % 24];
        app.OpenFragment(f);
        CHECK(app.SelectedQuestion() >= 1);
        CHECK(app.SelectedQuestion() <= 86);
    }
    CheckReport(RunFrame(app, h), "after garbage fragments");
}
