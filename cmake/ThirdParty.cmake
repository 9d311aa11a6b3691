# Third-party code, all from Debian: sources unpacked by scripts/deps.sh into
# third_party/ (gitignored), header-only libraries from /usr/include.

set(IMGUI_DIR "${MLVIZ_THIRD_PARTY}/imgui")
set(MD4C_DIR "${MLVIZ_THIRD_PARTY}/md4c/src")
foreach(f "${IMGUI_DIR}/imgui.cpp" "${MD4C_DIR}/md4c.c")
    if(NOT EXISTS "${f}")
        message(FATAL_ERROR "${f} is missing: run scripts/deps.sh first")
    endif()
endforeach()

# Header-only Debian libraries. Emscripten must not see all of /usr/include
# (glibc headers would shadow its libc), so link just those folders.
set(MLVIZ_SYSINC "${CMAKE_BINARY_DIR}/sysinc")
file(MAKE_DIRECTORY "${MLVIZ_SYSINC}")
foreach(lib stb nlohmann)
    if(NOT EXISTS "${MLVIZ_SYSINC}/${lib}")
        file(CREATE_LINK "/usr/include/${lib}" "${MLVIZ_SYSINC}/${lib}" SYMBOLIC)
    endif()
endforeach()
add_library(mlviz_sysheaders INTERFACE)
target_include_directories(mlviz_sysheaders SYSTEM INTERFACE "${MLVIZ_SYSINC}")

# Dear ImGui core: compiled once per build folder, same source for both targets.
add_library(imgui STATIC
    ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp
    ${IMGUI_DIR}/imgui_tables.cpp ${IMGUI_DIR}/imgui_widgets.cpp
    ${IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/misc/cpp)
# No file I/O from ImGui (no imgui.ini): state lives in our own structs and URLs.
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_FILE_FUNCTIONS IMGUI_DISABLE_OBSOLETE_FUNCTIONS)

add_library(md4c STATIC ${MD4C_DIR}/md4c.c)
target_include_directories(md4c SYSTEM PUBLIC ${MD4C_DIR})

if(MLVIZ_APP)
    if(EMSCRIPTEN)
        find_package(SDL2 REQUIRED CONFIG)   # built from Debian's libsdl2 source (scripts/build.sh)
        set(MLVIZ_SDL2 SDL2::SDL2-static)
    else()
        find_package(SDL2 REQUIRED)          # Debian libsdl2-dev
        find_package(OpenGL REQUIRED)
        set(MLVIZ_SDL2 SDL2::SDL2)
    endif()
    add_library(imgui_backends STATIC
        ${IMGUI_DIR}/backends/imgui_impl_sdl2.cpp
        ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
    target_include_directories(imgui_backends SYSTEM PUBLIC ${IMGUI_DIR}/backends)
    target_link_libraries(imgui_backends PUBLIC imgui ${MLVIZ_SDL2})
    if(NOT EMSCRIPTEN)
        target_link_libraries(imgui_backends PUBLIC OpenGL::GL ${CMAKE_DL_LIBS})
    endif()
endif()
