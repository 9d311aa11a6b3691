// Base64 decoding: the RFC 4648 test vectors, lenient forms and errors.
#include <catch2/catch.hpp>

#include "topics/image_processing/core/base64.h"

using namespace mlviz;

TEST_CASE("base64 decodes the RFC 4648 vectors, unpadded and data-URL forms", "[image_processing]")
{
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"Zg==", "f"},
                                                           {"Zm8=", "fo"},
                                                           {"Zm9v", "foo"},
                                                           {"Zm9vYg==", "foob"},
                                                           {"Zm9vYmE=", "fooba"},
                                                           {"Zm9vYmFy", "foobar"}};
    for (const auto& [in, out] : vectors) {
        INFO(in);
        const auto r = DecodeBase64(in);
        REQUIRE(r.Ok());
        CHECK(*r == out);
    }
    CHECK(*DecodeBase64("Zm9vYg") == "foob");
    CHECK(*DecodeBase64("Zm9v\nYmFy ") == "foobar");
    CHECK(*DecodeBase64("data:image/png;base64,Zm9v") == "foo");
    CHECK(*DecodeBase64("/+8=") == "\xff\xef");
    CHECK_FALSE(DecodeBase64("Zm9v!").Ok());
    CHECK_FALSE(DecodeBase64("Z").Ok());
    CHECK_FALSE(DecodeBase64("Zg=x").Ok());
    CHECK_FALSE(DecodeBase64("Zg===").Ok());
    CHECK_FALSE(DecodeBase64("data:image/png,Zm9v").Ok());
}
