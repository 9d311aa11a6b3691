#include "topics/classical_detectors/cli/cd_cli_input.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "core/image.h"

namespace mlviz {

namespace {

constexpr std::size_t kMaxFileBytes = 64u << 20;
constexpr std::size_t kMaxCascadeBytes = 8u << 20; // the frontal face cascade is 0.9 MB
constexpr int kMaxPixelsSide = 256;

bool ReadWholeFile(const std::string& path, std::string& out)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    f.seekg(0, std::ios::end);
    const auto size = f.tellg();
    if (size < 0 || static_cast<std::size_t>(size) > kMaxFileBytes) return false;
    f.seekg(0);
    out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    return true;
}

GreyImage FromEncoded(const std::string& bytes, const std::string& field, int max_side)
{
    auto img = DecodeImage(bytes);
    if (!img) FailInput("field '" + field + "': " + English(img.Error()));
    if (img->Width > max_side || img->Height > max_side)
        FailInput("field '" + field + "': image is " + std::to_string(img->Width) + "x" + std::to_string(img->Height) +
                  "; this op takes at most " + std::to_string(max_side) + " pixels a side");
    return GreyFromRgba(img.Value());
}

GreyImage FromPixels(const Json& rows, int max_side)
{
    if (!rows.is_array() || rows.empty()) FailInput("field 'pixels' must be a non-empty array of rows of grey levels");
    const int limit = std::min(max_side, kMaxPixelsSide);
    if (rows.size() > static_cast<std::size_t>(limit))
        FailInput("field 'pixels' has " + std::to_string(rows.size()) + " rows; at most " + std::to_string(limit));
    const Json& first = rows[0];
    if (!first.is_array() || first.empty() || first.size() > static_cast<std::size_t>(limit))
        FailInput("field 'pixels[0]' must be an array of 1 to " + std::to_string(limit) + " grey levels");
    GreyImage g = MakeGreyImage(static_cast<int>(first.size()), static_cast<int>(rows.size()));
    for (std::size_t y = 0; y < rows.size(); ++y) {
        const std::string name = "pixels[" + std::to_string(y) + "]";
        if (!rows[y].is_array() || rows[y].size() != first.size())
            FailInput("field '" + name + "' must be an array of " + std::to_string(first.size()) + " grey levels");
        for (std::size_t x = 0; x < first.size(); ++x) {
            const Json& v = rows[y][x];
            const std::string cell = name + "[" + std::to_string(x) + "]";
            if (!v.is_number()) FailInput("field '" + cell + "' must be an integer in [0, 255], got " + v.type_name());
            const double d = v.get<double>();
            if (!(d >= 0.0 && d <= 255.0) || d != static_cast<double>(static_cast<int>(d)))
                FailInput("field '" + cell + "' must be an integer in [0, 255]");
            g.At(static_cast<int>(x), static_cast<int>(y)) = static_cast<std::uint8_t>(d);
        }
    }
    return g;
}

} // namespace

bool DecodeBase64(const std::string& text, std::string& out)
{
    out.clear();
    unsigned buf = 0;
    int bits = 0, pad = 0;
    for (char ch : text) {
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') continue;
        int v;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '+')
            v = 62;
        else if (ch == '/')
            v = 63;
        else if (ch == '=') {
            ++pad;
            continue;
        } else
            return false;
        if (pad > 0) return false; // data after padding
        buf = (buf << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buf >> bits) & 0xFF);
        }
    }
    return pad <= 2;
}

GreyImage ReadCliGreyImage(const Json& in, int max_side)
{
    const int given = static_cast<int>(in.contains("image")) + static_cast<int>(in.contains("image_png_base64")) +
        static_cast<int>(in.contains("pixels"));
    if (given != 1) FailInput("give exactly one of 'image' (a file path), 'image_png_base64' or 'pixels'");
    if (in.contains("pixels")) return FromPixels(in["pixels"], max_side);
    if (in.contains("image")) {
        const std::string path = RequireString(in, "image");
        std::string bytes;
        if (!ReadWholeFile(path, bytes))
            FailInput("field 'image': cannot read '" + path + "' (missing, unreadable or over 64 MB)");
        return FromEncoded(bytes, "image", max_side);
    }
    const std::string text = RequireString(in, "image_png_base64");
    if (text.size() > kMaxFileBytes / 3 * 4 + 4) FailInput("field 'image_png_base64' is over 64 MB");
    std::string bytes;
    if (!DecodeBase64(text, bytes)) FailInput("field 'image_png_base64' is not valid base64");
    return FromEncoded(bytes, "image_png_base64", max_side);
}

HaarCascade ReadCliCascade(const Json& in)
{
    std::string text;
    if (in.contains("cascade") && in.contains("cascade_xml")) FailInput("give only one of 'cascade' and 'cascade_xml'");
    if (in.contains("cascade_xml")) {
        text = RequireString(in, "cascade_xml");
        if (text.size() > kMaxCascadeBytes) FailInput("field 'cascade_xml' is over 8 MB");
    } else if (in.contains("cascade")) {
        const std::string path = RequireString(in, "cascade");
        if (!ReadWholeFile(path, text) || text.size() > kMaxCascadeBytes)
            FailInput("field 'cascade': cannot read '" + path + "' (missing, unreadable or over 8 MB)");
    } else {
        const std::string name = "haarcascade_frontalface_default.xml";
        std::vector<std::string> tried;
        if (const char* dir = std::getenv("MLVIZ_DATA_DIR")) tried.push_back(std::string(dir) + "/cascades/" + name);
        tried.push_back("build/data/cascades/" + name);
        tried.push_back("/usr/share/opencv4/haarcascades/" + name);
        bool found = false;
        for (const std::string& p : tried)
            if (ReadWholeFile(p, text)) {
                found = true;
                break;
            }
        if (!found)
            FailInput("field 'cascade' missing and no " + name +
                      " in $MLVIZ_DATA_DIR/cascades, build/data/cascades (scripts/data.sh) or /usr/share/opencv4/haarcascades");
    }
    auto c = ParseHaarCascade(text);
    if (!c)
        FailInput(std::string(in.contains("cascade_xml") ? "field 'cascade_xml': " : "field 'cascade': ") + English(c.Error()));
    return std::move(c.Value());
}

} // namespace mlviz
