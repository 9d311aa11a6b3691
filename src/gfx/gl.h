// OpenGL headers for both targets: WebGL2 (GLES 3.0) under Emscripten, desktop GL 3.3 core
// natively (Mesa's libGL exports every entry point, so no loader is needed for ours).
#pragma once
#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif
#include <string>
#include <string_view>

namespace mlviz {

// "#version 300 es" on the web, "#version 330 core" natively.
const char* GlslVersionLine();

// Compiles and links a program from shaders/<name>.vert.glsl and .frag.glsl (embedded).
// Returns 0 and fills `error` on failure.
GLuint LoadProgram(std::string_view name, std::string& error);

} // namespace mlviz
