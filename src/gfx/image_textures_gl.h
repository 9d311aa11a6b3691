// GL textures for ImageTextures (see ui/image_textures.h).
#pragma once
#include <vector>

#include "gfx/gl.h"
#include "ui/image_textures.h"

namespace mlviz {

class GlImageTextures final : public ImageTextures {
public:
    ~GlImageTextures() override;
    int CreateSlot() override;
    ImTextureID Upload(int slot, const Image& image, std::uint64_t version, bool smooth) override;

private:
    struct Slot {
        GLuint Texture = 0;
        std::uint64_t Version = ~0ull;
        bool Smooth = false;
    };
    std::vector<Slot> Slots;
};

} // namespace mlviz
