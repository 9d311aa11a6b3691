// Image decoding (stb_image) on hand-built PNG/BMP files with known pixels, on the project's
// sample picture, and on garbage and truncated bytes; FitImage's box filter.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/image.h"

using namespace mlviz;

namespace {

std::uint32_t Crc32(const std::string& bytes)
{
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

void PutBE32(std::string& s, std::uint32_t v)
{
    for (int k = 3; k >= 0; --k) s += static_cast<char>((v >> (8 * k)) & 0xFF);
}

void PutLE(std::string& s, std::uint32_t v, int bytes)
{
    for (int k = 0; k < bytes; ++k) s += static_cast<char>((v >> (8 * k)) & 0xFF);
}

void Chunk(std::string& png, const char* type, const std::string& data)
{
    PutBE32(png, static_cast<std::uint32_t>(data.size()));
    const std::string body = std::string(type) + data;
    png += body;
    PutBE32(png, Crc32(body));
}

// An RGBA8 PNG written by hand: filter 0 on every row, zlib "stored" (uncompressed) block.
std::string MakePng(int w, int h, const std::vector<std::uint8_t>& rgba, bool corrupt_header_size = false)
{
    std::string png = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    PutBE32(ihdr, static_cast<std::uint32_t>(w));
    PutBE32(ihdr, static_cast<std::uint32_t>(h));
    ihdr += std::string("\x08\x06\x00\x00\x00", 5); // 8 bit, RGBA, deflate, filter 0, no interlace
    Chunk(png, "IHDR", ihdr);
    std::string raw;
    if (!corrupt_header_size)
        for (int y = 0; y < h; ++y) {
            raw += '\0';
            raw.append(reinterpret_cast<const char*>(&rgba[static_cast<std::size_t>(y) * w * 4]),
                       static_cast<std::size_t>(w) * 4);
        }
    std::string z = "\x78\x01";
    z += '\x01'; // BFINAL, stored
    PutLE(z, static_cast<std::uint32_t>(raw.size()), 2);
    PutLE(z, static_cast<std::uint32_t>(~raw.size() & 0xFFFF), 2);
    z += raw;
    std::uint32_t a = 1, b = 0; // Adler-32
    for (unsigned char c : raw) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    PutBE32(z, (b << 16) | a);
    Chunk(png, "IDAT", z);
    Chunk(png, "IEND", "");
    return png;
}

std::string ReadRepoFile(const char* relative)
{
    const std::filesystem::path p = std::filesystem::path(__FILE__).parent_path() / "../.." / relative;
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("DecodeImage: a hand-built 3x2 RGBA PNG decodes to its exact pixels", "[found][image]")
{
    const std::vector<std::uint8_t> px = {
        255, 0,  0,  255, 0,   255, 0,   128, 0, 0, 255, 0, // top row: red, half-transparent green, clear blue
        10,  20, 30, 40,  250, 251, 252, 253, 1, 2, 3,   4, // bottom row
    };
    const std::string png = MakePng(3, 2, px);
    const Result<Image> r = DecodeImage(png);
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    CHECK(r->Width == 3);
    CHECK(r->Height == 2);
    CHECK(r->Pixels == px); // row 0 = top, RGBA order
    CHECK(r->At(1, 0)[3] == 128);
    CHECK(r->At(2, 1)[0] == 1);
}

TEST_CASE("DecodeImage: a hand-built bottom-up 24-bit BMP comes out top row first", "[found][image]")
{
    std::string bmp = "BM";
    PutLE(bmp, 54 + 16, 4);
    PutLE(bmp, 0, 4);
    PutLE(bmp, 54, 4);
    PutLE(bmp, 40, 4);
    PutLE(bmp, 2, 4); // width
    PutLE(bmp, 2, 4); // height > 0: bottom row stored first
    PutLE(bmp, 1, 2);
    PutLE(bmp, 24, 2);
    for (int k = 0; k < 6; ++k) PutLE(bmp, k == 1 ? 16 : 0, 4);
    // Bottom row: blue, white; top row: red, green (BGR, rows padded to 4 bytes).
    bmp += std::string("\xFF\x00\x00\xFF\xFF\xFF\x00\x00", 8);
    bmp += std::string("\x00\x00\xFF\x00\xFF\x00\x00\x00", 8);
    const Result<Image> r = DecodeImage(bmp);
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    REQUIRE(r->Width == 2);
    REQUIRE(r->Height == 2);
    const std::vector<std::uint8_t> expected = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255};
    CHECK(r->Pixels == expected);
}

TEST_CASE("DecodeImage: the sample street scene (assets/images)", "[found][image]")
{
    const std::string png = ReadRepoFile("assets/images/street_scene.png");
    REQUIRE(png.size() > 33);
    REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    // Width and height from the IHDR chunk, read by hand.
    auto be32 = [&](std::size_t at) {
        return (std::uint32_t(std::uint8_t(png[at])) << 24) | (std::uint32_t(std::uint8_t(png[at + 1])) << 16) |
            (std::uint32_t(std::uint8_t(png[at + 2])) << 8) | std::uint32_t(std::uint8_t(png[at + 3]));
    };
    const int w = static_cast<int>(be32(16)), h = static_cast<int>(be32(20));
    const Result<Image> r = DecodeImage(png);
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    CHECK(r->Width == w);
    CHECK(r->Height == h);
    CHECK(r->Pixels.size() == static_cast<std::size_t>(w) * h * 4);
    // A real picture, not a flat fill: several distinct colours (a flat-shaded synthetic scene).
    std::vector<bool> seen(1 << 15, false);
    int distinct = 0;
    for (std::size_t i = 0; i + 3 < r->Pixels.size(); i += 4) {
        const int key = (r->Pixels[i] >> 3) << 10 | (r->Pixels[i + 1] >> 3) << 5 | (r->Pixels[i + 2] >> 3);
        if (!seen[static_cast<std::size_t>(key)]) {
            seen[static_cast<std::size_t>(key)] = true;
            ++distinct;
        }
    }
    CHECK(distinct > 8);

    // Truncated copies are errors with a message, never a crash.
    for (std::size_t len : {std::size_t(1), std::size_t(8), std::size_t(16), std::size_t(24), std::size_t(33), std::size_t(60),
                            png.size() / 4, png.size() / 2, png.size() - 100}) {
        INFO("truncated to " << len << " of " << png.size() << " bytes");
        const Result<Image> t = DecodeImage(std::string_view(png).substr(0, len));
        CHECK_FALSE(t.Ok());
        if (!t.Ok()) CHECK_FALSE(t.Error().Empty());
    }
    // Flipped bytes inside the data: an error or a picture of the right size.
    std::mt19937 rng(5u);
    for (int k = 0; k < 200; ++k) {
        std::string bad = png;
        for (int f = 0; f < 4; ++f) bad[33 + rng() % (bad.size() - 33)] ^= static_cast<char>(1 + rng() % 255);
        const Result<Image> t = DecodeImage(bad);
        if (t.Ok())
            CHECK(t->Pixels.size() == static_cast<std::size_t>(t->Width) * t->Height * 4);
        else
            CHECK_FALSE(t.Error().Empty());
    }
}

TEST_CASE("DecodeImage: garbage, empty and oversized inputs are errors", "[found][image]")
{
    CHECK_FALSE(DecodeImage("").Ok());
    CHECK_THAT(Text(DecodeImage("").Error()), Catch::Contains("пустое"));
    const Result<Image> text = DecodeImage("hello, this is not an image at all");
    REQUIRE_FALSE(text.Ok());
    CHECK_THAT(Text(text.Error()), Catch::Contains("формат изображения не поддерживается"));
    std::mt19937 rng(123u);
    for (int k = 0; k < 500; ++k) {
        std::string s(1 + rng() % 300, '\0');
        for (char& c : s) c = static_cast<char>(rng() % 256);
        if (k % 4 == 0) s.replace(0, std::min<std::size_t>(8, s.size()), std::string("\x89PNG\r\n\x1a\n").substr(0, s.size()));
        if (k % 4 == 1) s.replace(0, std::min<std::size_t>(2, s.size()), std::string("BM").substr(0, s.size()));
        const Result<Image> r = DecodeImage(s);
        if (r.Ok())
            CHECK(r->Pixels.size() == static_cast<std::size_t>(r->Width) * r->Height * 4);
        else
            CHECK_FALSE(r.Error().Empty());
    }
    // A valid header announcing a picture too large to decode: refused before allocating.
    const Result<Image> wide = DecodeImage(MakePng(9000, 2, {}, /*corrupt_header_size=*/true));
    REQUIRE_FALSE(wide.Ok());
    CHECK_THAT(Text(wide.Error()), Catch::Contains("8192"));
    CHECK_FALSE(DecodeImage(MakePng(0, 2, {}, true)).Ok());
    // Header says 4x4 but the data holds none: error, not a read past the end.
    CHECK_FALSE(DecodeImage(MakePng(4, 4, {}, true)).Ok());
}

TEST_CASE("FitImage: box filter down to the longest side, no-op when small", "[found][image]")
{
    Image src;
    src.Width = 4;
    src.Height = 2;
    src.Pixels = {0,   0, 0, 255, 100, 0, 0, 255, 10, 20, 30, 40, 30, 40, 50, 60,
                  200, 0, 0, 255, 100, 4, 0, 255, 50, 60, 70, 80, 70, 80, 90, 100};
    const Image half = FitImage(src, 2);
    REQUIRE(half.Width == 2);
    REQUIRE(half.Height == 1);
    // Each output pixel averages a 2x2 block (integer division).
    CHECK(half.Pixels == std::vector<std::uint8_t>{100, 1, 0, 255, 40, 50, 60, 70});
    const Image same = FitImage(src, 4);
    CHECK(same.Width == 4);
    CHECK(same.Pixels == src.Pixels);
    const Image tiny = FitImage(src, 0); // clamps to 1 px on the long side
    CHECK(tiny.Width == 1);
    CHECK(tiny.Height == 1);
    // Aspect ratio kept on a real decode.
    std::vector<std::uint8_t> px(64 * 16 * 4, 200);
    const Result<Image> r = DecodeImage(MakePng(64, 16, px));
    REQUIRE(r.Ok());
    const Image fit = FitImage(r.Value(), 16);
    CHECK(fit.Width == 16);
    CHECK(fit.Height == 4);
    CHECK(fit.Pixels[0] == 200);
}
