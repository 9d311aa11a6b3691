// Base64 decoding (see base64.h).
#include "topics/image_processing/core/base64.h"

namespace mlviz {

namespace {

int Sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

} // namespace

Result<std::string> DecodeBase64(std::string_view text)
{
    if (text.size() > kIpMaxBase64Chars)
        return Result<std::string>::Fail(Msg("base64: текст длиннее %d МБ", static_cast<int>(kIpMaxBase64Chars >> 20)));
    if (text.substr(0, 5) == "data:") {
        const std::size_t comma = text.find(',');
        if (comma == std::string_view::npos || text.substr(0, comma).find(";base64") == std::string_view::npos)
            return Result<std::string>::Fail(Msg("base64: data-URL без ';base64,'"));
        text.remove_prefix(comma + 1);
    }
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned acc = 0;
    int bits = 0, padding = 0;
    std::size_t symbols = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        const int v = Sextet(c);
        if (v < 0 || padding > 0)
            return Result<std::string>::Fail(Msg("base64: недопустимый символ в позиции %d", static_cast<int>(i)));
        ++symbols;
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    // A lone sextet (length 1 mod 4) cannot end a valid encoding; too much padding neither.
    if (symbols % 4 == 1 || padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0))
        return Result<std::string>::Fail(Msg("base64: неверная длина"));
    return out;
}

} // namespace mlviz
