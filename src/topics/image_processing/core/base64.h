// Base64 decoding (RFC 4648, standard alphabet) for images passed inline to the CLI: padding is
// optional, ASCII whitespace is skipped and a "data:<type>;base64," prefix is accepted.
#pragma once
#include <string>
#include <string_view>

#include "core/result.h"

namespace mlviz {

inline constexpr std::size_t kIpMaxBase64Chars = 64u << 20; // 64 MB of text, 48 MB of bytes

Result<std::string> DecodeBase64(std::string_view text);

} // namespace mlviz
