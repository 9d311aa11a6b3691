// nn core: digits.csv.gz -> images and labels; stratified split.
#include "core/nn/digits.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include <stb/stb_image.h> // declarations only: core/image.cpp compiles stb_image (with zlib)

#include "core/random.h"

namespace mlviz::nn {

namespace {

std::uint32_t Crc32(std::string_view bytes)
{
    static const auto table = [] {
        std::vector<std::uint32_t> t(256);
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::uint32_t Le32(const unsigned char* p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

} // namespace

Result<std::string> GunzipBytes(std::string_view gz)
{
    using R = Result<std::string>;
    const auto* p = reinterpret_cast<const unsigned char*>(gz.data());
    const std::size_t n = gz.size();
    if (n > kGzipMaxBytes) return R::Fail(Msg("gzip: файл больше %d байт", static_cast<long long>(kGzipMaxBytes)));
    if (n < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8) return R::Fail(Msg("gzip: неверный заголовок"));
    const unsigned flags = p[3];
    std::size_t pos = 10;
    if (flags & 4) { // FEXTRA
        if (pos + 2 > n) return R::Fail(Msg("gzip: неверный заголовок"));
        pos += 2 + (p[pos] | (p[pos + 1] << 8));
    }
    for (unsigned flag : {8u, 16u}) // FNAME, FCOMMENT: zero-terminated
        if (flags & flag) {
            while (pos < n && p[pos] != 0) ++pos;
            ++pos;
        }
    if (flags & 2) pos += 2; // FHCRC
    if (pos + 8 > n) return R::Fail(Msg("gzip: неверный заголовок"));
    const std::uint32_t crc = Le32(p + n - 8), size = Le32(p + n - 4);
    if (size > kGzipMaxBytes)
        return R::Fail(Msg("gzip: распакованные данные больше %d байт", static_cast<long long>(kGzipMaxBytes)));
    std::string out(size, '\0');
    // The output buffer has the recorded length: a stream that inflates to more fails.
    const int got =
        stbi_zlib_decode_noheader_buffer(out.data(), static_cast<int>(size), gz.data() + pos, static_cast<int>(n - 8 - pos));
    if (got < 0 || static_cast<std::uint32_t>(got) != size) return R::Fail(Msg("gzip: повреждённые сжатые данные"));
    if (Crc32(out) != crc) return R::Fail(Msg("gzip: контрольная сумма CRC-32 не совпадает"));
    return out;
}

Result<DigitsData> ParseDigitsCsv(std::string_view csv)
{
    using R = Result<DigitsData>;
    DigitsData d;
    d.Pixels.reserve(static_cast<std::size_t>(kDigitsCount) * kDigitsPixels);
    std::size_t pos = 0;
    int row = 0;
    while (pos < csv.size()) {
        if (row == kDigitsCount) return R::Fail(Msg("digits: больше %d строк", kDigitsCount));
        for (int col = 0; col <= kDigitsPixels; ++col) {
            // numpy.loadtxt reads "3" and "3.0" alike; the package has integers only.
            int v = 0, digits = 0;
            while (pos < csv.size() && csv[pos] >= '0' && csv[pos] <= '9' && digits < 3)
                v = v * 10 + (csv[pos++] - '0'), ++digits;
            if (pos + 1 < csv.size() && csv[pos] == '.' && csv[pos + 1] == '0') pos += 2;
            const char want = col < kDigitsPixels ? ',' : '\n';
            const bool end_ok = col == kDigitsPixels && pos == csv.size();
            if (digits == 0 || (!end_ok && (pos >= csv.size() || csv[pos] != want)))
                return R::Fail(Msg("digits: строка %d, столбец %d: ожидалось целое число", row + 1, col + 1));
            ++pos;
            if (col < kDigitsPixels) {
                if (v > kDigitsMaxValue) return R::Fail(Msg("digits: строка %d: пиксель %d вне [0, 16]", row + 1, v));
                d.Pixels.push_back(static_cast<std::uint8_t>(v));
            } else {
                if (v > 9) return R::Fail(Msg("digits: строка %d: метка %d вне [0, 9]", row + 1, v));
                d.Labels.push_back(v);
            }
        }
        ++row;
    }
    if (row != kDigitsCount) return R::Fail(Msg("digits: %d строк вместо %d", row, kDigitsCount));
    return d;
}

Result<DigitsData> LoadDigitsGz(std::string_view gz_bytes)
{
    Result<std::string> csv = GunzipBytes(gz_bytes);
    if (!csv) return Result<DigitsData>::Fail(csv.Error());
    return ParseDigitsCsv(*csv);
}

Result<DigitsSplit> StratifiedSplit(std::span<const int> labels, int classes, double test_fraction, std::uint32_t seed)
{
    using R = Result<DigitsSplit>;
    if (!(test_fraction > 0.0 && test_fraction < 1.0))
        return R::Fail(Msg("поле '%s' должно быть в (%g, %g), получено %g", "test_fraction", 0.0, 1.0, test_fraction));
    if (classes < 1 || classes > 1000)
        return R::Fail(Msg("поле '%s' должно быть в [%d, %d], получено %d", "classes", 1, 1000, classes));
    const int n = static_cast<int>(labels.size());
    if (n < 2) return R::Fail(Msg("для разбиения нужно хотя бы 2 примера"));
    std::vector<std::vector<int>> by_class(static_cast<std::size_t>(classes));
    for (int i = 0; i < n; ++i) {
        if (labels[i] < 0 || labels[i] >= classes) return R::Fail(Msg("метка %d вне [0, %d)", labels[i], classes));
        by_class[labels[i]].push_back(i);
    }
    const int n_test = static_cast<int>(std::ceil(test_fraction * n));
    if (n_test >= n) return R::Fail(Msg("в обучающей выборке не остаётся примеров"));
    // Largest-remainder apportionment of n_test among the classes.
    std::vector<int> take(static_cast<std::size_t>(classes));
    std::vector<std::pair<double, int>> remainder;
    int given = 0;
    for (int c = 0; c < classes; ++c) {
        const double exact = static_cast<double>(n_test) * by_class[c].size() / n;
        take[c] = static_cast<int>(std::floor(exact));
        given += take[c];
        remainder.emplace_back(-(exact - take[c]), c);
    }
    std::sort(remainder.begin(), remainder.end());
    for (int k = 0; given < n_test; ++k, ++given) ++take[remainder[k % classes].second];
    std::mt19937 rng(seed);
    DigitsSplit split;
    for (int c = 0; c < classes; ++c) {
        std::vector<int>& idx = by_class[c];
        for (int i = static_cast<int>(idx.size()) - 1; i > 0; --i) std::swap(idx[i], idx[UniformInt(rng, i + 1)]);
        split.Test.insert(split.Test.end(), idx.begin(), idx.begin() + std::min<int>(take[c], static_cast<int>(idx.size())));
        split.Train.insert(split.Train.end(), idx.begin() + std::min<int>(take[c], static_cast<int>(idx.size())), idx.end());
    }
    std::sort(split.Train.begin(), split.Train.end());
    std::sort(split.Test.begin(), split.Test.end());
    return split;
}

template <typename T>
Result<Dataset<T>> DigitsDataset(const DigitsData& digits, std::span<const int> indices)
{
    if (indices.empty()) return Result<Dataset<T>>::Fail(Msg("в наборе данных нет примеров"));
    for (int i : indices)
        if (i < 0 || i >= digits.Count() || digits.Pixels.size() != static_cast<std::size_t>(digits.Count()) * kDigitsPixels)
            return Result<Dataset<T>>::Fail(Msg("примеры [%d, %d) вне набора из %d", i, i + 1, digits.Count()));
    Dataset<T> d;
    const int n = static_cast<int>(indices.size());
    d.Inputs = Tensor<T>({n, 1, kDigitsSide, kDigitsSide});
    for (int k = 0; k < n; ++k) {
        const std::uint8_t* img = digits.Image(indices[k]);
        for (int p = 0; p < kDigitsPixels; ++p)
            d.Inputs[static_cast<std::size_t>(k) * kDigitsPixels + p] = static_cast<T>(img[p]) / static_cast<T>(kDigitsMaxValue);
        d.Labels.push_back(digits.Labels[indices[k]]);
    }
    return d;
}

template Result<Dataset<float>> DigitsDataset<float>(const DigitsData&, std::span<const int>);
template Result<Dataset<double>> DigitsDataset<double>(const DigitsData&, std::span<const int>);

} // namespace mlviz::nn
