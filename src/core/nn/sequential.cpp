// nn core: Sequential's checked forward / backward, freezing and state dict.
#include "core/nn/sequential.h"

#include "core/nn/checks.h"

namespace mlviz::nn {

template <typename T>
Sequential<T>::Sequential(const Sequential& other) : KeepActivations(other.KeepActivations)
{
    for (const LayerPtr<T>& l : other.Layers_) Layers_.push_back(l->Clone());
}

template <typename T>
Sequential<T>& Sequential<T>::operator=(const Sequential& other)
{
    if (this != &other) *this = Sequential(other);
    return *this;
}

template <typename T>
Sequential<T>& Sequential<T>::Add(LayerPtr<T> layer)
{
    Layers_.push_back(std::move(layer));
    Checked_ = HasForward_ = false;
    return *this;
}

template <typename T>
Result<std::vector<Shape>> Sequential<T>::Shapes(const Shape& input, Mode mode) const
{
    using R = Result<std::vector<Shape>>;
    if (Message m = detail::CheckShape(input); !m.Empty()) return R::Fail(m);
    std::vector<Shape> shapes;
    Shape cur = input;
    for (std::size_t i = 0; i < Layers_.size(); ++i) {
        Result<Shape> r = Layers_[i]->OutputShape(cur, mode);
        if (!r) return R::Fail(WithContext(r.Error(), std::to_string(i)));
        cur = *r;
        shapes.push_back(cur);
    }
    return shapes;
}

template <typename T>
Result<Tensor<T>> Sequential<T>::Forward(const Tensor<T>& x, Mode mode)
{
    using R = Result<Tensor<T>>;
    if (static_cast<std::int64_t>(x.Numel()) != ShapeNumel(x.Dims) || x.Dims.empty())
        return R::Fail(Msg("тензор формы %s содержит %d значений", ShapeString(x.Dims), static_cast<long long>(x.Numel())));
    if (!Checked_ || CheckedShape_ != x.Dims || CheckedMode_ != mode) {
        Result<std::vector<Shape>> s = Shapes(x.Dims, mode);
        if (!s) return R::Fail(s.Error());
        CheckedShape_ = x.Dims;
        CheckedMode_ = mode;
        LastOutputShape_ = s->empty() ? x.Dims : s->back();
        Checked_ = true;
    }
    Activations_.clear();
    Tensor<T> cur = x;
    for (LayerPtr<T>& l : Layers_) {
        cur = l->Forward(cur, mode);
        if (KeepActivations) Activations_.push_back(cur);
    }
    HasForward_ = true;
    return cur;
}

template <typename T>
Result<Tensor<T>> Sequential<T>::Backward(const Tensor<T>& grad_output, bool need_input_grad)
{
    using R = Result<Tensor<T>>;
    if (!HasForward_) return R::Fail(Msg("обратный проход без прямого"));
    if (grad_output.Dims != LastOutputShape_ || grad_output.Numel() != static_cast<std::size_t>(ShapeNumel(LastOutputShape_)))
        return R::Fail(
            Msg("градиент формы %s, а выход сети формы %s", ShapeString(grad_output.Dims), ShapeString(LastOutputShape_)));
    Tensor<T> g = grad_output;
    for (int i = Size() - 1; i >= 0; --i) {
        // Layers before the first trainable one need no input gradient unless the caller wants it.
        bool need = need_input_grad;
        for (int j = 0; j < i && !need; ++j) need = !Layers_[j]->Frozen && !Layers_[j]->Parameters().empty();
        if (!need && i > 0) {
            g = Layers_[i]->Backward(g, false);
            break;
        }
        g = Layers_[i]->Backward(g, i > 0 || need_input_grad);
    }
    if (!need_input_grad) return Tensor<T>();
    return g;
}

template <typename T>
std::vector<Parameter<T>*> Sequential<T>::Parameters()
{
    std::vector<Parameter<T>*> all;
    for (LayerPtr<T>& l : Layers_)
        for (Parameter<T>* p : l->Parameters()) all.push_back(p);
    return all;
}

template <typename T>
std::vector<std::string> Sequential<T>::ParameterNames() const
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < Layers_.size(); ++i)
        for (Parameter<T>* p : Layers_[i]->Parameters()) names.push_back(std::to_string(i) + "." + p->Name);
    return names;
}

template <typename T>
void Sequential<T>::ZeroGrad()
{
    for (Parameter<T>* p : Parameters()) p->Grad.Fill(T(0));
}

template <typename T>
void Sequential<T>::Initialize(std::uint32_t seed)
{
    std::mt19937 rng(seed);
    Initialize(rng);
}

template <typename T>
void Sequential<T>::Initialize(std::mt19937& rng)
{
    for (LayerPtr<T>& l : Layers_) l->Initialize(rng);
}

template <typename T>
void Sequential<T>::SetFrozen(int first, int last, bool frozen)
{
    for (int i = std::max(first, 0); i <= last && i < Size(); ++i) Layers_[i]->Frozen = frozen;
}

template <typename T>
std::int64_t Sequential<T>::ParameterCount(bool trainable_only) const
{
    std::int64_t n = 0;
    for (const LayerPtr<T>& l : Layers_)
        if (!trainable_only || !l->Frozen) n += l->ParameterCount();
    return n;
}

template <typename T>
std::int64_t Sequential<T>::MultiplyAdds(const Shape& input) const
{
    Result<std::vector<Shape>> s = Shapes(input, Mode::Eval);
    if (!s) return 0;
    std::int64_t n = 0;
    Shape cur = input;
    for (std::size_t i = 0; i < Layers_.size(); ++i) {
        n += Layers_[i]->MultiplyAdds(cur);
        cur = (*s)[i];
    }
    return n;
}

template <typename T>
std::vector<std::string> Sequential<T>::Describe() const
{
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < Layers_.size(); ++i)
        lines.push_back(std::to_string(i) + "  " + Layers_[i]->Describe() + (Layers_[i]->Frozen ? "  [frozen]" : ""));
    return lines;
}

template <typename T>
std::vector<NamedTensor<T>> Sequential<T>::StateDict() const
{
    std::vector<NamedTensor<T>> state;
    for (std::size_t i = 0; i < Layers_.size(); ++i) {
        const std::string prefix = std::to_string(i) + ".";
        for (Parameter<T>* p : Layers_[i]->Parameters()) state.push_back({prefix + p->Name, p->Value});
        for (NamedTensor<T>* b : Layers_[i]->Buffers()) state.push_back({prefix + b->Name, b->Value});
    }
    return state;
}

template <typename T>
Message Sequential<T>::LoadStateDict(const std::vector<NamedTensor<T>>& state)
{
    std::vector<std::pair<std::string, Tensor<T>*>> targets;
    for (std::size_t i = 0; i < Layers_.size(); ++i) {
        const std::string prefix = std::to_string(i) + ".";
        for (Parameter<T>* p : Layers_[i]->Parameters()) targets.emplace_back(prefix + p->Name, &p->Value);
        for (NamedTensor<T>* b : Layers_[i]->Buffers()) targets.emplace_back(prefix + b->Name, &b->Value);
    }
    // Check everything before changing anything.
    std::vector<const Tensor<T>*> sources(targets.size(), nullptr);
    for (const NamedTensor<T>& s : state) {
        std::size_t k = 0;
        while (k < targets.size() && targets[k].first != s.Name) ++k;
        if (k == targets.size()) return Msg("лишний ключ '%s' в наборе весов", s.Name);
        if (s.Value.Dims != targets[k].second->Dims || s.Value.Numel() != targets[k].second->Numel())
            return Msg("ключ '%s': форма %s, ожидалась %s", s.Name, ShapeString(s.Value.Dims),
                       ShapeString(targets[k].second->Dims));
        sources[k] = &s.Value;
    }
    for (std::size_t k = 0; k < targets.size(); ++k)
        if (!sources[k]) return Msg("в наборе весов нет ключа '%s'", targets[k].first);
    for (std::size_t k = 0; k < targets.size(); ++k) *targets[k].second = *sources[k];
    return {};
}

template class Sequential<float>;
template class Sequential<double>;

} // namespace mlviz::nn
