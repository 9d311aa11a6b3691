#include <catch2/catch.hpp>

#include "core/image.h"
#include "core/png.h"

using namespace mlviz;

TEST_CASE("EncodePng round-trips through DecodeImage", "[png]")
{
    Image img;
    img.Width = 7;
    img.Height = 5;
    img.Pixels.resize(7 * 5 * 4);
    for (std::size_t i = 0; i < img.Pixels.size(); ++i) img.Pixels[i] = static_cast<std::uint8_t>(i * 37 % 256);
    const std::string png = EncodePng(img);
    REQUIRE(png.size() > 8);
    CHECK(png.substr(1, 3) == "PNG");
    const auto back = DecodeImage(png);
    REQUIRE(back.Ok());
    CHECK(back->Width == 7);
    CHECK(back->Height == 5);
    CHECK(back->Pixels == img.Pixels);
    CHECK(EncodePng(Image{}).empty());
    Image broken = img;
    broken.Pixels.pop_back();
    CHECK(EncodePng(broken).empty());
}
