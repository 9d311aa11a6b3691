// nn core: the dense tensor every layer reads and writes (a shape plus row-major values).
// Layout follows torch's contiguous tensors: batch first, NCHW for images, NCDHW for volumes.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace mlviz::nn {

// Sizes of each axis, outermost first ({N, C, H, W}). Every size is >= 1 in a valid shape.
using Shape = std::vector<int>;

// Number of elements of `shape` (1 for the empty shape, a scalar).
inline std::int64_t ShapeNumel(const Shape& shape)
{
    std::int64_t n = 1;
    for (int s : shape) n *= s;
    return n;
}

// "[2, 3, 8, 8]" for messages and read-outs.
std::string ShapeString(const Shape& shape);

// A contiguous row-major tensor of T (float or double). Plain data: copyable, comparable,
// no views, no strides. The last axis varies fastest, as in torch.Tensor.contiguous().
template <typename T>
struct Tensor {
    Shape Dims;          // sizes, outermost first
    std::vector<T> Data; // ShapeNumel(Dims) values

    Tensor() = default;
    explicit Tensor(Shape dims, T fill = T(0)) : Dims(std::move(dims)), Data(static_cast<std::size_t>(ShapeNumel(Dims)), fill) {}
    Tensor(Shape dims, std::vector<T> data) : Dims(std::move(dims)), Data(std::move(data)) {}

    std::size_t Numel() const { return Data.size(); }
    int Rank() const { return static_cast<int>(Dims.size()); }
    int Dim(int axis) const { return Dims[static_cast<std::size_t>(axis)]; }
    bool Empty() const { return Data.empty(); }
    T* Ptr() { return Data.data(); }
    const T* Ptr() const { return Data.data(); }
    T& operator[](std::size_t i) { return Data[i]; }
    const T& operator[](std::size_t i) const { return Data[i]; }

    // Elements of one sample (all axes but the first).
    std::size_t SampleSize() const { return Dims.empty() || Dims[0] == 0 ? 0 : Data.size() / static_cast<std::size_t>(Dims[0]); }
    // Row-major offset of a full index; no bounds check.
    std::size_t Offset(std::initializer_list<int> index) const
    {
        std::size_t off = 0, axis = 0;
        for (int i : index) off = off * static_cast<std::size_t>(Dims[axis++]) + static_cast<std::size_t>(i);
        return off;
    }
    T& At(std::initializer_list<int> index) { return Data[Offset(index)]; }
    const T& At(std::initializer_list<int> index) const { return Data[Offset(index)]; }

    void Fill(T value) { Data.assign(Data.size(), value); }
    bool operator==(const Tensor&) const = default;
};

// The same values converted to another precision (float <-> double).
template <typename U, typename T>
Tensor<U> CastTensor(const Tensor<T>& t)
{
    return Tensor<U>(t.Dims, std::vector<U>(t.Data.begin(), t.Data.end()));
}

// Samples [first, first + count) of a batch-first tensor (a mini-batch).
template <typename T>
Tensor<T> SliceBatch(const Tensor<T>& t, int first, int count)
{
    Shape dims = t.Dims;
    dims[0] = count;
    const std::size_t per = t.SampleSize();
    const auto begin = t.Data.begin() + static_cast<std::ptrdiff_t>(per * static_cast<std::size_t>(first));
    return Tensor<T>(std::move(dims),
                     std::vector<T>(begin, begin + static_cast<std::ptrdiff_t>(per * static_cast<std::size_t>(count))));
}

// The samples of `t` listed in `indices`, in that order (a shuffled mini-batch).
template <typename T>
Tensor<T> GatherBatch(const Tensor<T>& t, const std::vector<int>& indices)
{
    Shape dims = t.Dims;
    dims[0] = static_cast<int>(indices.size());
    const std::size_t per = t.SampleSize();
    Tensor<T> out(std::move(dims));
    for (std::size_t k = 0; k < indices.size(); ++k) {
        const auto src = t.Data.begin() + static_cast<std::ptrdiff_t>(per * static_cast<std::size_t>(indices[k]));
        std::copy(src, src + static_cast<std::ptrdiff_t>(per), out.Data.begin() + static_cast<std::ptrdiff_t>(per * k));
    }
    return out;
}

} // namespace mlviz::nn
