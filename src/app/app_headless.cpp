#include "app/headless.h"

#include <cfloat>
#include <cmath>

#include "core/assets.h"
#include "imgui.h"
#include "ui/fonts.h"

namespace mlviz {

std::string StatePartOf(std::string_view fragment)
{
    const std::size_t at = fragment.find("&v=1&");
    return at == std::string_view::npos ? std::string() : std::string(fragment.substr(at + 5));
}

HeadlessSession::HeadlessSession(float width, float height) : W(width), H(height)
{
    IMGUI_CHECKVERSION();
    Context = ImGui::CreateContext();
    ImGui::SetCurrentContext(Context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    LoadFonts(FindAsset(BinaryAssets(), "fonts/mlviz-font.ttf"), 16.0f, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h); // a renderer would upload this
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(3)));
    AppPtr = std::make_unique<App>();
    AppPtr->OpenQuery(""); // applies the theme
}

HeadlessSession::~HeadlessSession()
{
    AppPtr.reset(); // views may touch ImGui state when destroyed
    ImGui::DestroyContext(Context);
}

void HeadlessSession::Resize(float width, float height)
{
    W = width;
    H = height;
    ImGui::SetCurrentContext(Context);
    ImGui::GetIO().DisplaySize = ImVec2(width, height);
}

int HeadlessSession::Frame(const HeadlessInput& in)
{
    ImGui::SetCurrentContext(Context);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    io.AddMousePosEvent(in.MouseX < 0.0f ? -FLT_MAX : in.MouseX, in.MouseY < 0.0f ? -FLT_MAX : in.MouseY);
    io.AddMouseButtonEvent(0, in.MouseDown);
    if (in.Wheel != 0.0f) io.AddMouseWheelEvent(0.0f, in.Wheel);
    if (PrevKey) io.AddKeyEvent(static_cast<ImGuiKey>(PrevKey), false);
    if (in.Key) io.AddKeyEvent(static_cast<ImGuiKey>(in.Key), true);
    PrevKey = in.Key;

    ImGui::NewFrame();
    ViewContext ctx;
    ctx.Heatmaps = &Heatmaps;
    ctx.Images = &Images;
    ctx.Data = &Data;
    AppPtr->Frame(ctx);
    AppPtr->TakeCaptureRequest(); // no GL here: export requests are dropped
    for (OfferedFile& f : ctx.Files) OfferedFiles.push_back(std::move(f));
    ImGui::Render();
    return ImGui::GetDrawData() ? ImGui::GetDrawData()->TotalVtxCount : 0;
}

HeadlessInput ScriptedInput(int i, float width, float height, std::mt19937& rng)
{
    HeadlessInput in;
    const int phase = (i / 60) % 4;
    const float t = static_cast<float>(i % 60) / 59.0f;
    auto uniform = [&](float lo, float hi) { return lo + (hi - lo) * static_cast<float>(rng() % 10000) / 9999.0f; };
    switch (phase) {
    case 0: // hover sweep across the window (tooltips, read-outs)
        in.MouseX = width * (0.05f + 0.9f * t);
        in.MouseY = height * (0.15f + 0.7f * (0.5f + 0.5f * std::sin(t * 12.0f)));
        break;
    case 1: // drags over the left part of the visualization (controls: slider sweeps)
        in.MouseX = width * (0.24f + 0.12f * t);
        in.MouseY = height * (0.1f + 0.8f * static_cast<float>((i / 6) % 10) / 10.0f);
        in.MouseDown = (i % 6) != 5;
        break;
    case 2: // random clicks and drags over the picture
        in.MouseX = uniform(width * 0.3f, width * 0.72f);
        in.MouseY = uniform(height * 0.1f, height * 0.95f);
        in.MouseDown = (rng() % 3) != 0;
        in.Wheel = (rng() % 7 == 0) ? uniform(-1.0f, 1.0f) : 0.0f;
        break;
    default: // playback keys while hovering the picture
        in.MouseX = width * 0.55f;
        in.MouseY = height * 0.5f;
        in.Key = (i % 20 == 0) ? ImGuiKey_Space : (i % 3 == 0 ? ImGuiKey_RightArrow : (i % 7 == 0 ? ImGuiKey_LeftArrow : 0));
        break;
    }
    return in;
}

} // namespace mlviz
