// Uploads RGBA images (core/image.h) as textures for ImGui::Image. The GL implementation is
// src/gfx/image_textures_gl.cpp; NullImageTextures keeps headless tests free of GL.
#pragma once
#include <cstdint>

#include "core/image.h"
#include "imgui.h"

namespace mlviz {

class ImageTextures {
public:
    virtual ~ImageTextures() = default;
    virtual int CreateSlot() = 0;
    // Re-uploads only when `version` changes; linear filtering when `smooth`, else nearest.
    virtual ImTextureID Upload(int slot, const Image& image, std::uint64_t version, bool smooth) = 0;
};

class NullImageTextures final : public ImageTextures {
public:
    int CreateSlot() override { return Slots++; }
    ImTextureID Upload(int, const Image&, std::uint64_t, bool) override
    {
        return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(2));
    }
    int Slots = 0;
};

} // namespace mlviz
