// Dense row-major float64 arrays of rank 3, 4 and 5 for the conv_blocks topic: Grid3 is C×H×W
// (one sample, no batch axis), Grid4 is O×C×KH×KW or C×T×H×W, Grid5 is O×C×KT×KH×KW. Same memory
// layout as a contiguous torch tensor of that shape, so flat indices match torch's.
#pragma once
#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace mlviz {

template <int Rank>
struct GridN {
    std::array<int, Rank> Dims{};
    std::vector<double> Values;

    GridN() = default;
    explicit GridN(std::array<int, Rank> dims, double fill = 0.0) : Dims(dims), Values(Count(dims), fill) {}

    static std::size_t Count(const std::array<int, Rank>& dims)
    {
        std::size_t n = 1;
        for (int d : dims) n *= static_cast<std::size_t>(d < 0 ? 0 : d);
        return n;
    }
    std::size_t Size() const { return Values.size(); }
    bool Empty() const { return Values.empty(); }
    int Dim(int axis) const { return Dims[axis]; }
    // True when Values holds exactly the product of Dims (a tensor read from JSON may not).
    bool Consistent() const { return Values.size() == Count(Dims); }

    template <typename... I>
    std::size_t Index(I... idx) const
    {
        static_assert(sizeof...(I) == Rank, "one index per axis");
        const std::array<int, Rank> i{static_cast<int>(idx)...};
        std::size_t flat = 0;
        for (int a = 0; a < Rank; ++a) flat = flat * static_cast<std::size_t>(Dims[a]) + static_cast<std::size_t>(i[a]);
        return flat;
    }
    template <typename... I>
    double& operator()(I... idx)
    {
        return Values[Index(idx...)];
    }
    template <typename... I>
    double operator()(I... idx) const
    {
        return Values[Index(idx...)];
    }

    bool operator==(const GridN&) const = default;
};

using Grid3 = GridN<3>;
using Grid4 = GridN<4>;
using Grid5 = GridN<5>;

// Largest |a - b| over two arrays of equal length (infinity when the lengths differ).
double MaxAbsDifference(std::span<const double> a, std::span<const double> b);

} // namespace mlviz
