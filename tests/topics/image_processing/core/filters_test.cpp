// Grey conversion, kernels, the bit-exact 8-bit Gaussian blur and float convolution against
// OpenCV 4.6.0 (values from tools/image_processing_reference.py; Debian python3-opencv 4.6.0).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ip_test_util.h"
#include "topics/image_processing/core/convolve.h"
#include "topics/image_processing/core/gauss8.h"
#include "topics/image_processing/core/kernels.h"

using namespace mlviz;
using iptest::Checksum;

namespace {

struct SampleSum {
    const char* Name;
    int W, H;
    std::uint64_t Sum, Weighted;
};

} // namespace

TEST_CASE("grey equals cv2.cvtColor(COLOR_BGR2GRAY) on every colour and on the samples", "[image_processing]")
{
    // All 2^24 colours, R outer, G, B inner, as the tool builds them.
    std::vector<std::uint8_t> all(1u << 24);
    std::size_t i = 0;
    for (int r = 0; r < 256; ++r)
        for (int g = 0; g < 256; ++g)
            for (int b = 0; b < 256; ++b)
                all[i++] = OpenCvGray(static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(b));
    const auto c = Checksum(all.data(), all.size());
    CHECK(c.first == 2139096404ull);
    CHECK(c.second == 4593675103442398182ull);
    // OpenCV 3's 14-bit weights would differ (e.g. on pure green 255: 149 there, 150 here).
    CHECK(OpenCvGray(0, 255, 0) == 150);

    const SampleSum samples[] = {
        {"astronaut", 512, 512, 30252742ull, 64974514082635066ull},
        {"coffee", 600, 400, 24876387ull, 53422994017074524ull},
        {"chelsea", 451, 300, 16166008ull, 34718134693848421ull},
    };
    for (const SampleSum& s : samples) {
        INFO(s.Name);
        const Plane8 g = iptest::LoadGray(s.Name);
        REQUIRE(g.Width == s.W);
        REQUIRE(g.Height == s.H);
        CHECK(Checksum(g) == std::make_pair(s.Sum, s.Weighted));
    }
}

TEST_CASE("GaussianKernel1D equals cv2.getGaussianKernel(n, sigma, CV_64F)", "[image_processing]")
{
    struct Case {
        int N;
        double Sigma;
        std::vector<double> K;
    };
    const Case cases[] = {
        {3, 0, {0.25, 0.5, 0.25}},
        {5, 0, {0.0625, 0.25, 0.375, 0.25, 0.0625}},
        {7, 0, {0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125}},
        {9, 0, {0.015625, 0.05078125, 0.1171875, 0.19921875, 0.234375, 0.19921875, 0.1171875, 0.05078125, 0.015625}},
        {11,
         0,
         {0.0088122292925622882, 0.027143577143479373, 0.065114056599382686, 0.12164907301380962, 0.1769983568313557,
          0.20056541423882085, 0.1769983568313557, 0.12164907301380962, 0.065114056599382686, 0.027143577143479373,
          0.0088122292925622882}},
        {5, 1.2, {0.085629163955012924, 0.24266759672960797, 0.34340647863075818, 0.24266759672960797, 0.085629163955012924}},
        {7,
         2,
         {0.070159326959026061, 0.13107487896736597, 0.19071282356963734, 0.21610594100794114, 0.19071282356963734,
          0.13107487896736597, 0.070159326959026061}},
        {15,
         3.3,
         {0.013038449824917218, 0.023683545885211935, 0.039245274639492282, 0.059326387260411097, 0.081814129590105325,
          0.10292683267807577, 0.11812689408719299, 0.12367697206918664, 0.11812689408719299, 0.10292683267807577,
          0.081814129590105325, 0.059326387260411097, 0.039245274639492282, 0.023683545885211935, 0.013038449824917218}},
        {31, 5, {0.00088805851138119959, 0.0015861066300815246, 0.0027217698613767978, 0.0044874398644024665,
                 0.0071084367484271094,  0.010818767451652786,  0.015820116921224443,  0.022226435150908618,
                 0.030002549249470867,   0.038911208798310344,  0.048486351842601486,  0.058048702300395674,
                 0.066771901313808391,   0.073794363476638147,  0.078357552068546499,  0.079940479621547419,
                 0.078357552068546499,   0.073794363476638147,  0.066771901313808391,  0.058048702300395674,
                 0.048486351842601486,   0.038911208798310344,  0.030002549249470867,  0.022226435150908618,
                 0.015820116921224443,   0.010818767451652786,  0.0071084367484271094, 0.0044874398644024665,
                 0.0027217698613767978,  0.0015861066300815246, 0.00088805851138119959}},
    };
    for (const Case& c : cases) {
        INFO("n " << c.N << " sigma " << c.Sigma);
        const std::vector<double> k = GaussianKernel1D(c.N, c.Sigma);
        REQUIRE(k.size() == c.K.size());
        for (std::size_t i = 0; i < k.size(); ++i) CHECK(k[i] == Approx(c.K[i]).epsilon(1e-15));
    }
    // The Q8 kernel sums to exactly 256 and is symmetric.
    for (int n : {3, 5, 7, 9, 11, 15, 31, 61})
        for (double s : {0.0, 0.5, 1.0, 2.5, 10.0}) {
            const std::vector<int> q = GaussianKernelQ8(n, s);
            int sum = 0;
            for (int v : q) sum += v;
            CHECK(sum == 256);
            for (int i = 0; i < n; ++i) CHECK(q[i] == q[n - 1 - i]);
        }
    CHECK(GaussianKernelQ8(3, 0.0) == std::vector<int>{64, 128, 64});
    CHECK(GaussianAutoSize(1.4, true) == 9);
    CHECK(GaussianAutoSize(1.4, false) == 13);
}

TEST_CASE("GaussianBlur8 equals cv2.GaussianBlur on 8-bit samples bit for bit", "[image_processing]")
{
    struct Case {
        const char* Name;
        int K;
        double Sigma;
        std::uint64_t Sum, Weighted;
    };
    const Case cases[] = {
        {"astronaut", 0, 1, 30252804ull, 64965745181750491ull},   {"astronaut", 0, 1.4, 30252853ull, 64965506490250759ull},
        {"astronaut", 5, 0, 30253069ull, 64966009746614802ull},   {"astronaut", 9, 0, 30252703ull, 64965437959365316ull},
        {"astronaut", 7, 2, 30252647ull, 64965262539684234ull},   {"astronaut", 0, 3.3, 30253000ull, 64967435074409793ull},
        {"astronaut", 11, 0, 30252534ull, 64965274672650714ull},  {"astronaut", 3, 0.8, 30252572ull, 64966637497295121ull},
        {"astronaut", 1, 0.5, 30252742ull, 64974514082635066ull}, {"astronaut", 0, 6, 30252359ull, 64966210959131175ull},
        {"coffee", 0, 1, 24876546ull, 53420930634401073ull},      {"coffee", 0, 1.4, 24876347ull, 53419928179704323ull},
        {"coffee", 5, 0, 24876921ull, 53421511586767670ull},      {"coffee", 9, 0, 24876449ull, 53420116589531159ull},
        {"coffee", 7, 2, 24876267ull, 53419617657473016ull},      {"coffee", 0, 3.3, 24876244ull, 53419052945422054ull},
        {"coffee", 11, 0, 24876252ull, 53419410447444280ull},     {"coffee", 3, 0.8, 24876454ull, 53420793242700795ull},
        {"coffee", 1, 0.5, 24876387ull, 53422994017074524ull},    {"coffee", 0, 6, 24876396ull, 53419606593612781ull},
        {"chelsea", 0, 1, 16165889ull, 34718397308220124ull},     {"chelsea", 0, 1.4, 16165628ull, 34717605292923027ull},
        {"chelsea", 5, 0, 16166137ull, 34719015094574365ull},     {"chelsea", 9, 0, 16165707ull, 34717434919810807ull},
        {"chelsea", 7, 2, 16165839ull, 34718190386182867ull},     {"chelsea", 0, 3.3, 16165612ull, 34716454405139817ull},
        {"chelsea", 11, 0, 16165752ull, 34717550699841174ull},    {"chelsea", 3, 0.8, 16166182ull, 34719336121527558ull},
        {"chelsea", 1, 0.5, 16166008ull, 34718134693848421ull},   {"chelsea", 0, 6, 16165265ull, 34715419512193143ull},
    };
    std::string loaded;
    Plane8 g;
    for (const Case& c : cases) {
        if (loaded != c.Name) {
            g = iptest::LoadGray(c.Name);
            loaded = c.Name;
        }
        INFO(c.Name << " k " << c.K << " sigma " << c.Sigma);
        const auto b = GaussianBlur8(g, GaussianBlurSpec{c.K, c.Sigma, BorderMode::Reflect});
        REQUIRE(b.Ok());
        CHECK(Checksum(*b) == std::make_pair(c.Sum, c.Weighted));
    }
    // Sliced with small budgets, the job gives the same pixels.
    auto job = GaussianBlur8Job::Start(g, GaussianBlurSpec{0, 2.0, BorderMode::Reflect});
    REQUIRE(job.Ok());
    int steps = 0;
    while (!job->Done()) {
        job.Value().Step(5000);
        ++steps;
    }
    CHECK(steps > 10);
    CHECK(job->Output().Pixels == GaussianBlur8(g, GaussianBlurSpec{0, 2.0, BorderMode::Reflect})->Pixels);
    CHECK_FALSE(GaussianBlur8(g, GaussianBlurSpec{0, 0.0, BorderMode::Reflect}).Ok()); // neither size nor sigma
    CHECK_FALSE(GaussianBlur8(g, GaussianBlurSpec{4, 1.0, BorderMode::Reflect}).Ok()); // even size
}

TEST_CASE("Reflect is cv2.BORDER_REFLECT_101 (cv2.borderInterpolate), Replicate and Zero as OpenCV", "[image_processing]")
{
    struct Case {
        int N;
        std::vector<int> Index; // p = -7 .. 12
    };
    const Case cases[] = {
        {1, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
        {2, {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}},
        {3, {1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0}},
        {5, {1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4}},
    };
    for (const Case& c : cases)
        for (int p = -7; p <= 12; ++p) {
            INFO("n " << c.N << " p " << p);
            CHECK(BorderIndex(p, c.N, BorderMode::Reflect) == c.Index[p + 7]);
            CHECK(BorderIndex(p, c.N, BorderMode::Replicate) == std::clamp(p, 0, c.N - 1));
            CHECK(BorderIndex(p, c.N, BorderMode::Zero) == (p >= 0 && p < c.N ? p : -1));
        }
}

TEST_CASE("convolution equals cv2.filter2D on a float image with each border", "[image_processing]")
{
    // The tool's float_image(): ((37 x + 91 y) mod 50) - 20 + 0.25 x, 7 x 6.
    PlaneF img(7, 6);
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 7; ++x) img.At(x, y) = static_cast<float>(((37 * x + 91 * y) % 50) - 20 + 0.25 * x);
    KernelSpec c3{KernelPreset::Custom, 3, 0.0, {1, 2, 0, -1, 0.5, 3, 0, -2, 1}};
    KernelSpec c5{KernelPreset::Custom, 5, 0.0, {}};
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 5; ++j) c5.Custom.push_back(((i * 7 + j * 3) % 9) - 4);
    const std::vector<std::vector<double>> expected = {
        // custom3 Zero
        {8,  21.125, -48,   132.875, 38.75, -30.375, -3.5,   -29.5, -27.875, 14.75, 7.375,   75,    17.625,  42.25,
         30, 31.625, 24.25, -8.125,  -15.5, 27.125,  -62.25, -10.5, 141.125, 8.75,  1.375,   44,    36.625,  -41.75,
         -1, 0.625,  68.25, 10.875,  153.5, 21.125,  3.75,   47.25, 11.125,  -9,    -29.125, 50.75, 105.625, 48.25},
        // custom3 Replicate
        {-32, 35.625, -21.75, 120.875, 88.5,  31.125, 24.75,  -70.5, -27.875, 14.75,  7.375,   75,  17.625, 11.25,
         39,  31.625, 24.25,  -8.125,  -15.5, 27.125, -79.25, -1.5,  141.125, 8.75,   1.375,   44,  36.625, 55.25,
         8,   0.625,  68.25,  10.875,  153.5, 21.125, 64.75,  108.5, -23.875, -31.25, -38.625, 104, 71.625, 65.25},
        // custom3 Reflect
        {41, 58.625, -48.75, 93.875, 61.5,  4.125,  48.75,  -20.5, -27.875, 14.75,  7.375,   75, 17.625, 62.25,
         39, 31.625, 24.25,  -8.125, -15.5, 27.125, -78.25, -1.5,  141.125, 8.75,   1.375,   44, 36.625, -43.75,
         8,  0.625,  68.25,  10.875, 153.5, 21.125, 115.75, -0.5,  67.125,  -40.25, -47.625, 95, 62.625, 107.25},
        // custom5 Zero
        {12.25, -125.75, 70.75,   232.5,   -105.75, 79.5,    27,   -49.5, 68.5,  -29.75, 82,    -106.25, -194.75, 215.25,
         -63,   86.25,   19,      -167.25, -53.5,   -22.25,  -110, 114,   95.25, -86,    27.75, 41.5,    40.75,   -83,
         52.75, -34,     -251.25, 174.25,  199.75,  -121.25, 70.5, -4,    -199,  56,     -44,   56,      -199,    -4},
        // custom5 Replicate
        {-78,  -39.75, -77,  86.75,   -49.5, -10.25, -22,  45,   133.25,  46,  -140.25, -126.5, -237.25, -49,
         118,  256.25, 19,   -167.25, -53.5, -14.25, -226, 63,   101.25,  -86, 27.75,   41.5,   230.75,  69,
         -119, 19.25,  -168, 145.75,  59.5,  -51.25, 287,  -119, -280.75, 132, -4.25,   -40.5,  -301.25, -13},
        // custom5 Reflect
        {242.5,  -94.75,  -183, 330.75,  44.5,  -40.75, 122,  -106.5, 156.25,  -82, -68.25, -54.5, -139.75, 173,
         -255.5, 107.25,  19,   -167.25, -53.5, -88.75, -276, -10.5,  2.25,    -86, 27.75,  41.5,  56.25,   -281,
         180.5,  -156.75, -195, 268.75,  32.5,  97.25,  -40,  85.5,   -201.75, -40, 123.75, 37.5,  -447.75, 165},
    };
    const BorderMode borders[] = {BorderMode::Zero, BorderMode::Replicate, BorderMode::Reflect};
    int e = 0;
    for (const KernelSpec* spec : {&c3, &c5})
        for (BorderMode border : borders) {
            const auto k = MakeKernel(*spec);
            REQUIRE(k.Ok());
            const auto out = Convolve(img, *k, border);
            REQUIRE(out.Ok());
            INFO("kernel " << spec->Size << " border " << BorderModeName(border));
            for (std::size_t i = 0; i < out->Values.size(); ++i) CHECK(out->Values[i] == Approx(expected[e][i]).margin(1e-4));
            // The hover breakdown adds up to the same value at every pixel.
            for (int y = 0; y < 6; ++y)
                for (int x = 0; x < 7; ++x)
                    CHECK(ExplainConvolution(img, *k, border, x, y)->Sum == Approx(out->At(x, y)).margin(1e-4));
            ++e;
        }
}

TEST_CASE("preset kernels on a photo equal cv2.filter2D (sum and sum of squares)", "[image_processing]")
{
    struct Case {
        const char* Name;
        double Sum, SumSq;
    };
    const Case cases[] = {
        {"sharpen", 30252198, 5419203358},
        {"laplacian", 544, 225600438},
        {"emboss", 29801062, 6818391198},
        {"sobel_x", -140659, 2147318313},
        {"box7", 30253272.795278415, 4831211433.4659262},
        {"gauss9_2", 30253166.154943381, 4843699156.7169733},
    };
    const PlaneF a = PlaneFromGray(iptest::LoadGray("astronaut"));
    REQUIRE(a.Width == 512);
    for (const Case& c : cases) {
        KernelSpec spec;
        const std::string name = c.Name;
        if (name == "box7")
            spec = {KernelPreset::Box, 7, 0.0, {}};
        else if (name == "gauss9_2")
            spec = {KernelPreset::Gaussian, 9, 2.0, {}};
        else
            REQUIRE(KernelPresetFromName(name, &spec.Preset));
        const auto k = MakeKernel(spec);
        REQUIRE(k.Ok());
        const auto out = Convolve(a, *k, BorderMode::Reflect);
        REQUIRE(out.Ok());
        double sum = 0.0, sq = 0.0;
        for (float v : out->Values) {
            sum += v;
            sq += static_cast<double>(v) * v;
        }
        INFO(c.Name);
        CHECK(sum == Approx(c.Sum).epsilon(1e-6).margin(1e-3));
        CHECK(sq == Approx(c.SumSq).epsilon(1e-6));
    }
}

TEST_CASE("hover breakdown: terms, border sources and validation", "[image_processing]")
{
    PlaneF img(4, 3);
    for (int i = 0; i < 12; ++i) img.Values[i] = static_cast<float>(i * i);
    const auto k = MakeKernel({KernelPreset::Laplacian, 3, 0.0, {}});
    REQUIRE(k.Ok());
    const auto zero = ExplainConvolution(img, *k, BorderMode::Zero, 0, 0);
    REQUIRE(zero.Ok());
    REQUIRE(zero->Terms.size() == 9);
    CHECK(zero->Terms[0].SourceX == -1); // (-1, -1) is outside: no source with a zero border
    CHECK_FALSE(zero->Terms[0].Inside);
    CHECK(zero->Sum == Approx(-4.0 * 0 + 1 + 16)); // centre 0, right 1, below 16
    const auto rep = ExplainConvolution(img, *k, BorderMode::Replicate, 0, 0);
    CHECK(rep->Terms[1].SourceX == 0); // (0, -1) replicates row 0
    CHECK(rep->Terms[1].SourceY == 0);
    CHECK(rep->Sum == Approx(0 + 0 + 1 + 16)); // up and left replicate the centre (0)
    const auto refl = ExplainConvolution(img, *k, BorderMode::Reflect, 0, 0);
    CHECK(refl->Terms[1].SourceY == 1); // (0, -1) reflects to row 1 (REFLECT_101)
    CHECK(refl->Sum == Approx(16 + 1 + 1 + 16));
    CHECK_FALSE(ExplainConvolution(img, *k, BorderMode::Zero, 4, 0).Ok());
    CHECK_FALSE(MakeKernel({KernelPreset::Custom, 4, 0.0, std::vector<double>(16, 1.0)}).Ok());
    CHECK_FALSE(MakeKernel({KernelPreset::Custom, 3, 0.0, std::vector<double>(8, 1.0)}).Ok());
    CHECK_FALSE(MakeKernel({KernelPreset::Custom, 3, 0.0, std::vector<double>(9, NAN)}).Ok());
    CHECK_FALSE(MakeKernel({KernelPreset::Box, 33, 0.0, {}}).Ok());
    CHECK(MakeKernel({KernelPreset::Box, 5, 0.0, {}})->Sum() == Approx(1.0));
    CHECK(MakeKernel({KernelPreset::Gaussian, 7, 1.5, {}})->Sum() == Approx(1.0));
}
