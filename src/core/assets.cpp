#include "core/assets.h"

namespace mlviz {

std::string_view FindAsset(std::span<const EmbeddedFile> files, std::string_view name)
{
    for (const EmbeddedFile& f : files)
        if (name == f.Name) return {reinterpret_cast<const char*>(f.Data), f.Size};
    return {};
}

} // namespace mlviz
