// nn core: state dict <-> text.
#include "core/nn/state_io.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/nn/checks.h"

namespace mlviz::nn {

template <typename T>
std::string StateToText(const std::vector<NamedTensor<T>>& state)
{
    std::string out = "mlviz-nn-state 1 " + std::to_string(state.size()) + "\n";
    char buf[40];
    for (const NamedTensor<T>& t : state) {
        out += t.Name + " " + std::to_string(t.Value.Rank());
        for (int d : t.Value.Dims) {
            out += ' ';
            out += std::to_string(d);
        }
        out += "\n";
        for (std::size_t i = 0; i < t.Value.Numel(); ++i) {
            std::snprintf(buf, sizeof buf, sizeof(T) == 4 ? "%.9g" : "%.17g", static_cast<double>(t.Value[i]));
            if (i) out += ' ';
            out += buf;
        }
        out += "\n";
    }
    return out;
}

namespace {

// A cursor over whitespace-separated tokens that knows its line number.
struct Tokens {
    std::string_view Text;
    std::size_t Pos = 0;
    int Line = 1;

    std::string_view Next()
    {
        while (Pos < Text.size() && (Text[Pos] == ' ' || Text[Pos] == '\n' || Text[Pos] == '\r' || Text[Pos] == '\t'))
            Line += Text[Pos++] == '\n';
        const std::size_t start = Pos;
        while (Pos < Text.size() && Text[Pos] != ' ' && Text[Pos] != '\n' && Text[Pos] != '\r' && Text[Pos] != '\t') ++Pos;
        return Text.substr(start, Pos - start);
    }
};

bool ParseInt(std::string_view s, long long lo, long long hi, long long& v)
{
    if (s.empty() || s.size() > 18) return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    return v >= lo && v <= hi;
}

bool ParseReal(std::string_view s, double& v)
{
    if (s.empty() || s.size() > 40) return false;
    const std::string z(s);
    char* end = nullptr;
    v = std::strtod(z.c_str(), &end);
    return end == z.c_str() + z.size() && std::isfinite(v);
}

} // namespace

template <typename T>
Result<std::vector<NamedTensor<T>>> StateFromText(std::string_view text)
{
    using R = Result<std::vector<NamedTensor<T>>>;
    if (text.size() > kStateTextMaxBytes)
        return R::Fail(Msg("файл весов больше %d байт", static_cast<long long>(kStateTextMaxBytes)));
    Tokens tok{text};
    long long count = 0, version = 0;
    if (tok.Next() != "mlviz-nn-state" || !ParseInt(tok.Next(), 1, 1, version) || !ParseInt(tok.Next(), 0, 100000, count))
        return R::Fail(Msg("строка %d: ожидался заголовок 'mlviz-nn-state 1 <число тензоров>'", tok.Line));
    std::vector<NamedTensor<T>> state;
    long long total = 0;
    for (long long k = 0; k < count; ++k) {
        NamedTensor<T> t;
        t.Name = std::string(tok.Next());
        long long rank = 0;
        if (t.Name.empty() || !ParseInt(tok.Next(), 0, 8, rank))
            return R::Fail(Msg("строка %d: ожидались имя и ранг тензора", tok.Line));
        for (long long a = 0; a < rank; ++a) {
            long long d = 0;
            if (!ParseInt(tok.Next(), 1, detail::kMaxTensorElements, d))
                return R::Fail(Msg("строка %d: неверный размер оси", tok.Line));
            t.Value.Dims.push_back(static_cast<int>(d));
        }
        if (Message m = detail::CheckShape(t.Value.Dims); !m.Empty()) return R::Fail(WithContext(m, t.Name));
        total += ShapeNumel(t.Value.Dims);
        if (total > detail::kMaxTensorElements) return R::Fail(Msg("больше %d значений", detail::kMaxTensorElements));
        t.Value.Data.resize(static_cast<std::size_t>(ShapeNumel(t.Value.Dims)));
        for (T& v : t.Value.Data) {
            double x = 0.0;
            if (!ParseReal(tok.Next(), x)) return R::Fail(Msg("строка %d: ожидалось конечное число", tok.Line));
            v = static_cast<T>(x);
        }
        state.push_back(std::move(t));
    }
    if (!tok.Next().empty()) return R::Fail(Msg("строка %d: лишние данные после последнего тензора", tok.Line));
    return state;
}

template std::string StateToText<float>(const std::vector<NamedTensor<float>>&);
template std::string StateToText<double>(const std::vector<NamedTensor<double>>&);
template Result<std::vector<NamedTensor<float>>> StateFromText<float>(std::string_view);
template Result<std::vector<NamedTensor<double>>> StateFromText<double>(std::string_view);

} // namespace mlviz::nn
