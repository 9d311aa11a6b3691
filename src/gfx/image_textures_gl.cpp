#include "gfx/image_textures_gl.h"

namespace mlviz {

GlImageTextures::~GlImageTextures()
{
    for (Slot& s : Slots) glDeleteTextures(1, &s.Texture);
}

int GlImageTextures::CreateSlot()
{
    Slots.emplace_back();
    return static_cast<int>(Slots.size()) - 1;
}

ImTextureID GlImageTextures::Upload(int slot, const Image& image, std::uint64_t version, bool smooth)
{
    if (slot < 0 || slot >= static_cast<int>(Slots.size()) || image.Width <= 0 || image.Height <= 0 ||
        image.Pixels.size() < static_cast<std::size_t>(image.Width) * image.Height * 4)
        return ImTextureID{};
    Slot& s = Slots[static_cast<std::size_t>(slot)];
    if (s.Version != version || s.Smooth != smooth || !s.Texture) {
        GLint prev = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev);
        if (!s.Texture) glGenTextures(1, &s.Texture);
        glBindTexture(GL_TEXTURE_2D, s.Texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.Width, image.Height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image.Pixels.data());
        const GLint filter = smooth ? GL_LINEAR : GL_NEAREST;
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev));
        s.Version = version;
        s.Smooth = smooth;
    }
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(s.Texture));
}

} // namespace mlviz
