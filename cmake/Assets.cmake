# Assets compiled into the binaries, so native, web and CLI need no data files
# beside them: text (questions, shaders) for the core, the font for the app.

set(MLVIZ_GEN "${CMAKE_BINARY_DIR}/generated")
file(MAKE_DIRECTORY "${MLVIZ_GEN}")

# DejaVu Sans subset: Latin, Cyrillic, Greek, punctuation, arrows, maths operators.
# The same ranges are given to ImGui's glyph builder in src/ui/fonts.cpp.
set(MLVIZ_FONT_SRC "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
set(MLVIZ_FONT_UNICODES "U+0020-007E,U+00A0-017F,U+0370-03FF,U+0400-045F,U+2010-205E,U+2070-209F,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2300-2307,U+25A0-25FF,U+26A0,U+2713-2717")
set(MLVIZ_FONT "${MLVIZ_GEN}/mlviz-font.ttf")
add_custom_command(OUTPUT "${MLVIZ_FONT}"
    COMMAND /usr/bin/python3 -m fontTools.subset "${MLVIZ_FONT_SRC}"
            "--unicodes=${MLVIZ_FONT_UNICODES}" "--layout-features=" --no-hinting
            "--output-file=${MLVIZ_FONT}"
    DEPENDS "${MLVIZ_FONT_SRC}"
    COMMENT "Subsetting DejaVu Sans" VERBATIM)

function(mlviz_embed out_cpp symbol)
    set(args "")
    set(deps "")
    foreach(pair ${ARGN})
        string(REPLACE "=" ";" kv "${pair}")
        list(GET kv 1 path)
        list(APPEND args "${pair}")
        list(APPEND deps "${path}")
    endforeach()
    string(REPLACE ";" "|" args_str "${args}")
    add_custom_command(OUTPUT "${out_cpp}"
        COMMAND ${CMAKE_COMMAND} "-DOUT=${out_cpp}" "-DSYMBOL=${symbol}" "-DFILES=${args_str}"
                -P "${CMAKE_SOURCE_DIR}/cmake/Embed.cmake"
        DEPENDS ${deps} "${CMAKE_SOURCE_DIR}/cmake/Embed.cmake"
        COMMENT "Embedding ${symbol}" VERBATIM)
endfunction()

file(GLOB MLVIZ_SHADERS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/shaders/*.glsl")
file(GLOB MLVIZ_QUESTION_FILES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/assets/questions/*" "${CMAKE_SOURCE_DIR}/assets/images/*.tsv"
     "${CMAKE_SOURCE_DIR}/assets/i18n/*.tsv" "${CMAKE_SOURCE_DIR}/src/topics/*/core/strings_en.tsv"
     "${CMAKE_SOURCE_DIR}/src/core/*/strings_en.tsv")
set(text_pairs "")
foreach(f ${MLVIZ_QUESTION_FILES} ${MLVIZ_SHADERS})
    file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${f}")
    list(APPEND text_pairs "${rel}=${f}")
endforeach()
set(MLVIZ_TEXT_ASSETS_CPP "${MLVIZ_GEN}/text_assets.cpp")
mlviz_embed("${MLVIZ_TEXT_ASSETS_CPP}" TextAssets ${text_pairs})
# Sample images (PNG/JPEG made by the project, see assets/images/README.md) go with the font.
file(GLOB MLVIZ_IMAGE_FILES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/assets/images/*.png" "${CMAKE_SOURCE_DIR}/assets/images/*.jpg")
set(binary_pairs "fonts/mlviz-font.ttf=${MLVIZ_FONT}")
foreach(f ${MLVIZ_IMAGE_FILES})
    file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${f}")
    list(APPEND binary_pairs "${rel}=${f}")
endforeach()
set(MLVIZ_BINARY_ASSETS_CPP "${MLVIZ_GEN}/binary_assets.cpp")
mlviz_embed("${MLVIZ_BINARY_ASSETS_CPP}" BinaryAssets ${binary_pairs})
