#include "gfx/gl.h"

#include <vector>

#include "core/assets.h"

namespace mlviz {

const char* GlslVersionLine()
{
#if defined(__EMSCRIPTEN__)
    return "#version 300 es\n";
#else
    return "#version 330 core\n";
#endif
}

namespace {

GLuint Compile(GLenum type, std::string_view source, std::string_view name, std::string& error)
{
    const std::string full = std::string(GlslVersionLine()) + std::string(source);
    const GLuint s = glCreateShader(type);
    const char* src = full.c_str();
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetShaderiv(s, GL_INFO_LOG_LENGTH, &len);
        std::vector<char> log(static_cast<std::size_t>(len > 1 ? len : 1));
        glGetShaderInfoLog(s, len, nullptr, log.data());
        error = std::string(name) + ": " + log.data();
        glDeleteShader(s);
        return 0;
    }
    return s;
}

} // namespace

GLuint LoadProgram(std::string_view name, std::string& error)
{
    const std::string base = "shaders/" + std::string(name);
    const std::string_view vs_src = FindAsset(TextAssets(), base + ".vert.glsl");
    const std::string_view fs_src = FindAsset(TextAssets(), base + ".frag.glsl");
    if (vs_src.empty() || fs_src.empty()) {
        error = base + ": shader not embedded";
        return 0;
    }
    const GLuint vs = Compile(GL_VERTEX_SHADER, vs_src, base + ".vert.glsl", error);
    if (!vs) return 0;
    const GLuint fs = Compile(GL_FRAGMENT_SHADER, fs_src, base + ".frag.glsl", error);
    if (!fs) {
        glDeleteShader(vs);
        return 0;
    }
    const GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetProgramInfoLog(p, sizeof log, nullptr, log);
        error = base + ": link failed: " + log;
        glDeleteProgram(p);
        return 0;
    }
    return p;
}

} // namespace mlviz
