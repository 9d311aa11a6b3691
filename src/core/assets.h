// Files compiled into the binary by cmake/Embed.cmake (questions, shaders, font),
// so every target runs without data files beside it.
#pragma once
#include <cstddef>
#include <span>
#include <string_view>

namespace mlviz {

struct EmbeddedFile {
    const char* Name;          // path relative to the repository root, e.g. "assets/questions/seed_ru.md"
    const unsigned char* Data; // followed by a terminating 0 byte (not counted in Size)
    std::size_t Size;
};

std::span<const EmbeddedFile> TextAssets();   // assets/questions/*, shaders/*.glsl (in the core)
std::span<const EmbeddedFile> BinaryAssets(); // fonts (linked only into the app)

// Returns the file's bytes, or an empty view when no such file was embedded.
std::string_view FindAsset(std::span<const EmbeddedFile> files, std::string_view name);

} // namespace mlviz
