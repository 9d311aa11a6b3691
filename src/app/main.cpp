// mlviz entry point: SDL2 window + OpenGL (3.3 core natively, WebGL2 on the web), one
// RunFrame() for both targets, figure export, command-line options and the page's JS hooks.
#include <SDL.h>
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <malloc.h>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/options.h"
#include "core/assets.h"
#include "core/i18n.h"
#include "core/png.h"
#include "core/topics.h"
#include "gfx/gl.h"
#include "gfx/heatmap_gl.h"
#include "gfx/image_textures_gl.h"
#include "gfx/offscreen.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"
#include "ui/data_files.h"
#include "ui/fonts.h"
#include "ui/tr.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#include <emscripten/html5.h>
#endif

namespace {

#if defined(__EMSCRIPTEN__)
// malloc'ed UTF-8 copies of page strings (caller frees).
EM_JS(char*, mlviz_page_string, (int which), {
    var s = which == 0 ? (window.location.hash || "")
        : which == 1   ? (window.location.search || "")
                       : window.location.origin + window.location.pathname;
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(void, mlviz_replace_fragment, (const char* fragment), { history.replaceState(null, "", "#" + UTF8ToString(fragment)); });
EM_JS(void, mlviz_open_window, (const char* url), { window.open(UTF8ToString(url), "_blank", "noopener"); });
EM_JS(void, mlviz_download, (const char* name, const unsigned char* data, int size), {
    var blob = new Blob([HEAPU8.slice(data, data + size)], {
        type:
            "image/png"
    });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(
        function() {
            URL.revokeObjectURL(a.href);
            a.remove();
        },
        1000);
});
// Topic data is fetched when a view asks for it (ui/data_files.h), from "data/" beside the page;
// the bytes come back through mlviz_data_loaded.
EM_JS(void, mlviz_fetch_data, (const char* name), {
    var n = UTF8ToString(name);
    var done = function(ptr, size, error)
    {
        Module.ccall("mlviz_data_loaded", null, [ "string", "number", "number", "string" ], [ n, ptr, size, error ]);
    };
    fetch("data/" + n)
        .then(function(r) {
            if (!r.ok) throw new Error("HTTP " + r.status);
            return r.arrayBuffer();
        })
        .then(function(buf) {
            var bytes = new Uint8Array(buf);
            var p = _malloc(Math.max(bytes.length, 1));
            HEAPU8.set(bytes, p);
            done(p, bytes.length, "");
            _free(p);
        })
        .catch(function(e) { done(0, 0, String(e && e.message ? e.message : e)); });
});
// ImGui's copy goes to the system clipboard through the async Clipboard API (SDL 2.26 has no
// Emscripten clipboard). Paste stays ImGui-internal: browsers only allow reading on a gesture.
EM_JS(void, mlviz_copy_to_clipboard, (const char* text), {
    var s = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function(){});
});

std::string PageString(int which)
{
    char* p = mlviz_page_string(which);
    std::string s = p ? p : "";
    std::free(p);
    return s;
}
#endif

class HostPlatform final : public mlviz::Platform {
public:
    std::string PageUrl() const override
    {
#if defined(__EMSCRIPTEN__)
        return PageString(2);
#else
        return {};
#endif
    }
    void OpenFullApp(const std::string& fragment) override
    {
#if defined(__EMSCRIPTEN__)
        mlviz_open_window((PageUrl() + "#" + fragment).c_str());
#else
        (void)fragment;
#endif
    }
};

struct Runtime {
    SDL_Window* Window = nullptr;
    SDL_GLContext Gl = nullptr;
    mlviz::App* App = nullptr;
    mlviz::GlHeatmapRenderer* Heatmaps = nullptr;
    mlviz::GlImageTextures* Images = nullptr;
    mlviz::DataFiles Data;
    mlviz::AppOptions Options;
    float FontScale = 0.0f; // pixel scale the font atlas was built for
    long long Frame = 0;
    bool Quit = false;
    std::string LastFragment;    // last fragment written to the URL
    std::string PendingFragment; // changed, waiting for the debounce
    double PendingSince = 0.0;
    std::string StateBuffer;   // keeps mlviz_state_json()'s result alive for JS
    std::string ClipboardText; // web: last text copied from ImGui
    int Exports = 0;
};

Runtime g_rt; // the one process-wide runtime: SDL, GL and the JS hooks all need it

float WindowPixelScale()
{
    int ww = 0, wh = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(g_rt.Window, &ww, &wh);
    SDL_GL_GetDrawableSize(g_rt.Window, &dw, &dh);
    return ww > 0 ? static_cast<float>(dw) / static_cast<float>(ww) : 1.0f;
}

// Text is rasterised at the target's pixel scale, so it stays crisp on HiDPI and in 2x exports.
void UseFontScale(float pixel_scale)
{
    if (pixel_scale == g_rt.FontScale) return;
    const std::string_view ttf = mlviz::FindAsset(mlviz::BinaryAssets(), "fonts/mlviz-font.ttf");
    mlviz::LoadFonts(ttf, 16.0f * g_rt.Options.UiScale, pixel_scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    g_rt.FontScale = pixel_scale;
}

mlviz::ViewContext MakeContext(float pixel_scale)
{
    mlviz::ViewContext ctx;
    ctx.Heatmaps = g_rt.Heatmaps;
    ctx.Images = g_rt.Images;
    ctx.Data = &g_rt.Data;
    ctx.PixelScale = pixel_scale;
    return ctx;
}

// Renders the figure layout (visualization alone) offscreen at w x h points and `scale`.
mlviz::Image CaptureFigure(float w, float h, float scale)
{
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 saved_size = io.DisplaySize, saved_scale = io.DisplayFramebufferScale, saved_mouse = io.MousePos;
    UseFontScale(scale);
    const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    const float clear[3] = {bg.x, bg.y, bg.z};
    auto figure_frame = [&] {
        ImGui_ImplOpenGL3_NewFrame();
        io.DisplaySize = ImVec2(w, h);
        io.DisplayFramebufferScale = ImVec2(scale, scale);
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); // no hover effects in a figure
        ImGui::NewFrame();
        mlviz::ViewContext ctx = MakeContext(scale);
        g_rt.App->FigureFrame(ctx);
        ImGui::Render();
    };
    // Tables and tab bars size themselves from the previous frame: lay the figure out once,
    // then capture the second frame.
    figure_frame();
    mlviz::Image img = mlviz::RenderImGuiOffscreen(static_cast<int>(w * scale), static_cast<int>(h * scale), clear, figure_frame);
    io.DisplaySize = saved_size;
    io.DisplayFramebufferScale = saved_scale;
    io.MousePos = saved_mouse;
    return img;
}

std::string ExportName()
{
    const std::string topic = g_rt.App->SelectedTopic().empty() ? "mlviz" : g_rt.App->SelectedTopic();
    return "mlviz-" + topic + "-" + std::to_string(++g_rt.Exports) + ".png";
}

#if !defined(__EMSCRIPTEN__)
// The export, a saved file and --screenshot all write whole files the same way.
bool WriteWholeFile(const std::string& path, const std::string& bytes)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    const bool ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    if (f) std::fclose(f);
    return ok;
}
#endif

// Hands a file to the user: a download in the browser, a file in the working directory natively.
void DeliverFile(const std::string& name, const std::string& bytes)
{
#if defined(__EMSCRIPTEN__)
    mlviz_download(name.c_str(), reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
#else
    const bool ok = WriteWholeFile(name, bytes);
    if (ok) std::printf("saved %s\n", name.c_str());
    g_rt.App->AddNotice(mlviz::FormatString(mlviz::Tr(ok ? "Файл сохранён: %s" : "Не удалось записать %s"), name.c_str()));
#endif
}

void ExportRequestedFigure()
{
    const mlviz::CaptureRequest req = g_rt.App->TakeCaptureRequest();
    if (!req.Pending) return;
    const std::string png = mlviz::EncodePng(CaptureFigure(req.Width, req.Height, req.Scale));
    if (png.empty()) {
        g_rt.App->AddNotice(mlviz::Tr("Не удалось отрисовать картинку"));
        return;
    }
    DeliverFile(ExportName(), png);
}

void DropNativeFile(const char* path)
{
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
}

#if defined(__EMSCRIPTEN__)
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

// The URL follows the state, but only after it settles: a dragged slider would otherwise
// write hundreds of history entries' worth of replaceState calls per second.
void SyncUrl()
{
#if defined(__EMSCRIPTEN__)
    const std::string fragment = g_rt.App->Fragment();
    const double now = emscripten_get_now();
    if (fragment != g_rt.PendingFragment) {
        g_rt.PendingFragment = fragment;
        g_rt.PendingSince = now;
    }
    if (g_rt.PendingFragment != g_rt.LastFragment && now - g_rt.PendingSince > 250.0) {
        g_rt.LastFragment = g_rt.PendingFragment;
        mlviz_replace_fragment(g_rt.LastFragment.c_str());
    }
#endif
}

void RunFrame()
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (e.type == SDL_QUIT) g_rt.Quit = true;
        if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE) g_rt.Quit = true;
        if (e.type == SDL_FINGERDOWN) g_rt.App->EnableTouchMode();
        if (e.type == SDL_DROPFILE && e.drop.file) {
            DropNativeFile(e.drop.file);
            SDL_free(e.drop.file);
        }
    }
    UseFontScale(WindowPixelScale());
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    mlviz::ViewContext ctx = MakeContext(WindowPixelScale());
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
    SDL_GL_SwapWindow(g_rt.Window);
    for (const mlviz::OfferedFile& f : ctx.Files) DeliverFile(f.Name, f.Bytes);
    ExportRequestedFigure();
    SyncUrl();
}

#if !defined(__EMSCRIPTEN__)
// --frames / --screenshot: render, optionally capture, and report.
int RunBatch()
{
    const int frames = g_rt.Options.Frames > 0 ? g_rt.Options.Frames : 30;
    for (int i = 0; i < frames && !g_rt.Quit; ++i) RunFrame();
    if (g_rt.Options.Screenshot.empty()) return 0;
    mlviz::Image img;
    if (g_rt.Options.FullWindow) {
        // The whole app as the window shows it: render the full layout offscreen at window size.
        ImGuiIO& io = ImGui::GetIO();
        const float w = io.DisplaySize.x, h = io.DisplaySize.y, s = g_rt.Options.Scale;
        UseFontScale(s);
        const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
        const float clear[3] = {bg.x, bg.y, bg.z};
        img = mlviz::RenderImGuiOffscreen(static_cast<int>(w * s), static_cast<int>(h * s), clear, [&] {
            ImGui_ImplOpenGL3_NewFrame();
            io.DisplayFramebufferScale = ImVec2(s, s);
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            ImGui::NewFrame();
            mlviz::ViewContext ctx = MakeContext(s);
            g_rt.App->Frame(ctx);
            ImGui::Render();
        });
    } else {
        img = CaptureFigure(static_cast<float>(g_rt.Options.Width), static_cast<float>(g_rt.Options.Height), g_rt.Options.Scale);
    }
    const std::string png = mlviz::EncodePng(img);
    if (png.empty() || !WriteWholeFile(g_rt.Options.Screenshot, png)) {
        std::fprintf(stderr, "mlviz: cannot write %s\n", g_rt.Options.Screenshot.c_str());
        return 1;
    }
    std::printf("screenshot: %s (%dx%d px)\n", g_rt.Options.Screenshot.c_str(), img.Width, img.Height);
    return 0;
}
#endif

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
int mlviz_frame_count()
{
    return static_cast<int>(g_rt.Frame);
}
// Bytes malloc has handed out and not taken back: unlike the wasm memory size, which only ever
// grows to the highest mark, this falls again when buffers are freed (the monkey test's leak check).
double mlviz_heap_bytes()
{
#if defined(__EMSCRIPTEN__)
    return static_cast<double>(mallinfo().uordblks);
#elif defined(__GLIBC__)
    return static_cast<double>(mallinfo2().uordblks);
#else
    return 0.0;
#endif
}
// The registered topic ids, as a JSON array (tests walk every topic through it).
const char* mlviz_topics_json()
{
    std::string out = "[";
    for (const mlviz::TopicInfo& t : mlviz::Topics()) out += (out.size() > 1 ? ",\"" : "\"") + std::string(t.Id) + "\"";
    g_rt.StateBuffer = out + "]";
    return g_rt.StateBuffer.c_str();
}
// PNG export of the visualization panel at `scale` x its on-screen size, as its PNG button
// does: the page receives the file as a download after the next frame.
void mlviz_export_png(int scale)
{
    if (g_rt.App) g_rt.App->RequestExport(scale);
}
// A topic data file arrived (or failed: `error` not empty); see mlviz_fetch_data.
void mlviz_data_loaded(const char* name, const char* data, int size, const char* error)
{
    if (!name) return;
    if (error && *error)
        g_rt.Data.Fail(name, error);
    else
        g_rt.Data.Deliver(name, std::string(data ? data : "", data ? static_cast<std::size_t>(std::max(size, 0)) : 0));
}
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
    if (g_rt.Options.Help) {
        std::printf("%s", mlviz::AppUsage());
        return 0;
    }

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
    const bool batch = g_rt.Options.Frames > 0 || !g_rt.Options.Screenshot.empty();
    // A figure is rendered offscreen: no window needs to appear for it.
    const bool hidden = !g_rt.Options.Screenshot.empty() && !g_rt.Options.FullWindow;
    const auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                                                    (hidden ? SDL_WINDOW_HIDDEN : 0));
    g_rt.Window =
        SDL_CreateWindow("mlviz", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, g_rt.Options.Width, g_rt.Options.Height, flags);
    if (!g_rt.Window) {
        std::fprintf(stderr, "mlviz: cannot create window: %s\n", SDL_GetError());
        return 1;
    }
    g_rt.Gl = SDL_GL_CreateContext(g_rt.Window);
    if (!g_rt.Gl) {
        std::fprintf(stderr, "mlviz: cannot create OpenGL context: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(g_rt.Window, g_rt.Gl);
    SDL_GL_SetSwapInterval(batch ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
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
#if defined(__EMSCRIPTEN__)
    g_rt.Data.SetRequester([](mlviz::DataFiles&, const std::string& name) { mlviz_fetch_data(name.c_str()); });
#else
    g_rt.Data.SetRequester(mlviz::FolderRequester(mlviz::DefaultDataFolder()));
#endif
    static HostPlatform platform;
    static mlviz::App app(&platform);
    g_rt.App = &app;

#if defined(__EMSCRIPTEN__)
    app.OpenQuery(PageString(1));
    app.OpenFragment(PageString(0));
    EM_ASM({ window.dispatchEvent(new Event("mlviz-ready")); });
    emscripten_set_main_loop(RunFrame, 0, true);
#else
    app.OpenQuery(g_rt.Options.Query);
    if (!g_rt.Options.Fragment.empty()) app.OpenFragment(g_rt.Options.Fragment);
    for (const std::string& n : app.Notices()) std::fprintf(stderr, "mlviz: %s\n", n.c_str());
    int rc = 0;
    if (batch)
        rc = RunBatch();
    else
        while (!g_rt.Quit) RunFrame();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(g_rt.Gl);
    SDL_DestroyWindow(g_rt.Window);
    SDL_Quit();
    return rc;
#endif
    return 0;
}
