// The view tests' frame checker (see frame_check.h): stack balance after the app's frame,
// draw data validation after ImGui::Render, and where the panels drew.
#include "frame_check.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

#include "core/assets.h"
#include "ui/theme.h"

namespace mlviz::test {

namespace {

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
            if (p == root) {
                n += w->DrawList->VtxBuffer.Size;
                break;
            }
    }
    return n;
}

} // namespace

Headless::Headless(float width, float height, float pixel_scale)
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
    Ctx.Data = &Data;
    Ctx.PixelScale = pixel_scale;
}

Headless::~Headless()
{
    ImGui::DestroyContext(Context);
}

std::vector<std::string> LayoutProblems()
{
    // A non-finite item extent (a 0/0 table weight, a NaN size) is undefined behaviour when ImGui
    // next converts it to int; only the sanitizer build would see that, so check it here.
    std::vector<std::string> problems;
    for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
        if (!w->Active) continue;
        const ImVec2 v[] = {w->DC.CursorMaxPos, w->DC.IdealMaxPos, w->ContentSize, w->ContentSizeIdeal};
        for (const ImVec2& p : v)
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
                problems.push_back(std::string("non-finite layout extent in window '") + w->Name + "'");
                break;
            }
    }
    return problems;
}

std::vector<std::string> DrawDataProblems(const ImDrawData* dd)
{
    std::vector<std::string> problems;
    if (!dd || !dd->Valid) {
        problems.push_back("no valid draw data");
        return problems;
    }
    for (int l = 0; l < dd->CmdListsCount; ++l) {
        const ImDrawList* dl = dd->CmdLists[l];
        for (const ImDrawVert& v : dl->VtxBuffer)
            if (!std::isfinite(v.pos.x) || !std::isfinite(v.pos.y) || !std::isfinite(v.uv.x) || !std::isfinite(v.uv.y)) {
                problems.push_back(std::string("non-finite vertex in draw list of '") + dl->_OwnerName + "'");
                break;
            }
        for (const ImDrawCmd& c : dl->CmdBuffer) {
            if (c.UserCallback) continue;
            if (c.IdxOffset + c.ElemCount > static_cast<unsigned>(dl->IdxBuffer.Size) ||
                c.VtxOffset > static_cast<unsigned>(dl->VtxBuffer.Size))
                problems.push_back("draw command outside its buffers");
            if (!std::isfinite(c.ClipRect.x) || !std::isfinite(c.ClipRect.y) || !std::isfinite(c.ClipRect.z) ||
                !std::isfinite(c.ClipRect.w))
                problems.push_back("non-finite clip rectangle");
            if (c.TextureId == ImTextureID{}) problems.push_back("draw command without texture");
        }
        for (ImDrawIdx idx : dl->IdxBuffer)
            if (idx >= static_cast<unsigned>(dl->VtxBuffer.Size)) {
                problems.push_back("index past the vertex buffer");
                break;
            }
    }
    return problems;
}

FrameReport RunFrameWith(const std::function<void()>& draw)
{
    FrameReport r;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const auto t0 = std::chrono::steady_clock::now();
    ImGui::NewFrame();
    draw();
    if (g.CurrentWindowStack.Size != 1)
        r.Problems.push_back("window stack " + std::to_string(g.CurrentWindowStack.Size) + " != 1 (Begin/End mismatch)");
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

    for (std::string& p : DrawDataProblems(ImGui::GetDrawData())) r.Problems.push_back(std::move(p));
    for (std::string& p : LayoutProblems()) r.Problems.push_back(std::move(p));
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

void CheckReport(const FrameReport& r, const std::string& where)
{
    INFO(where);
    for (const std::string& p : r.Problems) FAIL_CHECK(p);
}

} // namespace mlviz::test
