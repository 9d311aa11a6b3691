// mlviz entry point: SDL2 window + OpenGL (3.3 core natively, WebGL2 on the web), one
// RunFrame() for both targets, command-line options and the page's JS hooks.
#include <SDL.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/options.h"
#include "core/assets.h"
#include "gfx/gl.h"
#include "gfx/heatmap_gl.h"
#include "gfx/image_textures_gl.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"
#include "ui/fonts.h"
#include "ui/theme.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#include <emscripten/html5.h>
#else
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#endif

namespace {

struct Runtime {
    SDL_Window* Window = nullptr;
    SDL_GLContext Gl = nullptr;
    mlviz::App* App = nullptr;
    mlviz::GlHeatmapRenderer* Heatmaps = nullptr;
    mlviz::GlImageTextures* Images = nullptr;
    mlviz::AppOptions Options;
    float FontScale = 0.0f;      // pixel scale the font atlas was built for
    long long Frame = 0;
    bool Quit = false;
    std::string LastFragment;
    std::string StateBuffer;     // keeps mlviz_state_json()'s result alive for JS
    std::string ClipboardText;   // web: last text copied from ImGui
};

Runtime g_rt;   // the one process-wide runtime: SDL, GL and the JS hooks all need it

#if defined(__EMSCRIPTEN__)
// The page's "#..." fragment as a malloc'ed UTF-8 string (caller frees).
EM_JS(char*, mlviz_location_hash, (), {
    var s = window.location.hash || "";
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
#endif

float PixelScale()
{
    int ww = 0, wh = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(g_rt.Window, &ww, &wh);
    SDL_GL_GetDrawableSize(g_rt.Window, &dw, &dh);
    return ww > 0 ? static_cast<float>(dw) / static_cast<float>(ww) : 1.0f;
}

void RebuildFontsIfNeeded()
{
    const float scale = PixelScale() * g_rt.Options.UiScale;
    if (scale == g_rt.FontScale) return;
    const std::string_view ttf = mlviz::FindAsset(mlviz::BinaryAssets(), "fonts/mlviz-font.ttf");
    mlviz::LoadFonts(ttf, 16.0f * g_rt.Options.UiScale, PixelScale());
    ImGui::GetIO().FontGlobalScale = 1.0f / PixelScale();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    g_rt.FontScale = scale;
}

#if !defined(__EMSCRIPTEN__)
bool SaveScreenshot(const std::string& path)
{
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(g_rt.Window, &w, &h);
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    stbi_flip_vertically_on_write(1);
    return stbi_write_png(path.c_str(), w, h, 4, px.data(), w * 4) != 0;
}
#endif

void DropNativeFile(const char* path)
{
#if !defined(__EMSCRIPTEN__)
    std::FILE* f = std::fopen(path, "rb");
    std::string bytes;
    if (f) {
        char buf[65536];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && bytes.size() < (256u << 20)) bytes.append(buf, n);
        std::fclose(f);
    }
    const char* slash = std::strrchr(path, '/');
    g_rt.App->DropFile(slash ? slash + 1 : path, bytes);
#else
    (void)path;
#endif
}

#if defined(__EMSCRIPTEN__)
// ImGui's copy goes to the system clipboard through the async Clipboard API (SDL 2.26 has no
// Emscripten clipboard). Paste stays ImGui-internal: browsers only allow reading on a gesture.
EM_JS(void, mlviz_copy_to_clipboard, (const char* text), {
    var s = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function () {});
});

void SetClipboard(void*, const char* text)
{
    g_rt.ClipboardText = text ? text : "";
    mlviz_copy_to_clipboard(g_rt.ClipboardText.c_str());
}

const char* GetClipboard(void*)
{
    return g_rt.ClipboardText.c_str();
}
#endif

void SyncUrl()
{
#if defined(__EMSCRIPTEN__)
    const std::string fragment = g_rt.App->Fragment();
    if (fragment == g_rt.LastFragment) return;
    g_rt.LastFragment = fragment;
    EM_ASM({ history.replaceState(null, "", "#" + UTF8ToString($0)); }, fragment.c_str());
#endif
}

void RunFrame()
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (e.type == SDL_QUIT) g_rt.Quit = true;
        if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE) g_rt.Quit = true;
        if (e.type == SDL_DROPFILE && e.drop.file) {
            DropNativeFile(e.drop.file);
            SDL_free(e.drop.file);
        }
    }
    RebuildFontsIfNeeded();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();

    mlviz::ViewContext ctx;
    ctx.Heatmaps = g_rt.Heatmaps;
    ctx.Images = g_rt.Images;
    ctx.PixelScale = PixelScale();
    g_rt.App->Frame(ctx);

    ImGui::Render();
    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++g_rt.Frame;

#if !defined(__EMSCRIPTEN__)
    const bool last = g_rt.Options.Frames > 0 && g_rt.Frame >= g_rt.Options.Frames;
    if (last && !g_rt.Options.Screenshot.empty()) {
        if (SaveScreenshot(g_rt.Options.Screenshot)) std::printf("screenshot: %s\n", g_rt.Options.Screenshot.c_str());
        else std::fprintf(stderr, "error: cannot write %s\n", g_rt.Options.Screenshot.c_str());
    }
    if (last) g_rt.Quit = true;
#endif
    SDL_GL_SwapWindow(g_rt.Window);
    SyncUrl();
}

} // namespace

// ---- JS hooks (window.mlviz in web/index.html) ------------------------------------
extern "C" {
const char* mlviz_state_json()
{
    g_rt.StateBuffer = g_rt.App ? g_rt.App->StateJson() : "{}";
    return g_rt.StateBuffer.c_str();
}
void mlviz_open_fragment(const char* fragment)
{
    if (g_rt.App && fragment) g_rt.App->OpenFragment(fragment);
}
int mlviz_frame_count() { return static_cast<int>(g_rt.Frame); }
// A file dropped on the page (web/index.html reads it and passes the bytes).
void mlviz_drop_file(const char* name, const char* data, int size)
{
    if (g_rt.App && name && data && size >= 0) g_rt.App->DropFile(name, std::string_view(data, static_cast<std::size_t>(size)));
}
}

int main(int argc, char** argv)
{
    std::string error;
    if (!mlviz::ParseAppOptions(std::vector<std::string>(argv + 1, argv + argc), g_rt.Options, error)) {
        std::fprintf(stderr, "mlviz: %s\n%s", error.c_str(), mlviz::AppUsage());
        return 2;
    }
    if (g_rt.Options.Help) { std::printf("%s", mlviz::AppUsage()); return 0; }

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "mlviz: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }
#if defined(__EMSCRIPTEN__)
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    const char* glsl = "#version 300 es";
#else
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    const char* glsl = "#version 330 core";
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    const auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    g_rt.Window = SDL_CreateWindow("mlviz", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, g_rt.Options.Width,
                                   g_rt.Options.Height, flags);
    if (!g_rt.Window) { std::fprintf(stderr, "mlviz: cannot create window: %s\n", SDL_GetError()); return 1; }
    g_rt.Gl = SDL_GL_CreateContext(g_rt.Window);
    if (!g_rt.Gl) { std::fprintf(stderr, "mlviz: cannot create OpenGL context: %s\n", SDL_GetError()); return 1; }
    SDL_GL_MakeCurrent(g_rt.Window, g_rt.Gl);
    SDL_GL_SetSwapInterval(g_rt.Options.Frames > 0 ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    mlviz::ApplyTheme(mlviz::Theme::Dark);
    ImGui_ImplSDL2_InitForOpenGL(g_rt.Window, g_rt.Gl);
    ImGui_ImplOpenGL3_Init(glsl);
#if defined(__EMSCRIPTEN__)
    ImGui::GetIO().SetClipboardTextFn = SetClipboard;
    ImGui::GetIO().GetClipboardTextFn = GetClipboard;
#endif

    static mlviz::GlHeatmapRenderer heatmaps;
    if (!heatmaps.Init()) std::fprintf(stderr, "mlviz: heatmap pass disabled: %s\n", heatmaps.Error().c_str());
    g_rt.Heatmaps = &heatmaps;
    static mlviz::GlImageTextures images;
    g_rt.Images = &images;
    static mlviz::App app;
    g_rt.App = &app;

#if defined(__EMSCRIPTEN__)
    char* hash = mlviz_location_hash();
    app.OpenFragment(hash);
    std::free(hash);
    EM_ASM({ window.dispatchEvent(new Event("mlviz-ready")); });
    emscripten_set_main_loop(RunFrame, 0, true);
#else
    if (!g_rt.Options.Fragment.empty()) app.OpenFragment(g_rt.Options.Fragment);
    for (const std::string& n : app.Notices()) std::fprintf(stderr, "mlviz: %s\n", n.c_str());
    while (!g_rt.Quit) RunFrame();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(g_rt.Gl);
    SDL_DestroyWindow(g_rt.Window);
    SDL_Quit();
#endif
    return 0;
}
