// The classical-ML field table and codec: the one place the topic's ranges, formats and labels
// are written (sliders, links and the CLI read them from here).
#include "topics/classical_ml/core/classical_ml_state.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "topics/classical_ml/core/cml_presets.h"
#include "topics/classical_ml/core/cml_tree.h"

namespace mlviz {

namespace {

using S = ClassicalMlState;

std::vector<std::string_view> SplitOn(std::string_view text, char sep)
{
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find(sep, pos), text.size());
        out.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

// "x,y,c_x,y,c": coordinates on the 0.01 grid within the mean range, classes 0..3.
std::string EncodeAdded(const S& s)
{
    std::string out;
    for (const CmlAddedPoint& p : s.Added) {
        if (!out.empty()) out += '_';
        out += FormatReal(p.X, false) + "," + FormatReal(p.Y, false) + "," + std::to_string(p.Label);
    }
    return out;
}

Message DecodeAdded(S& s, std::string_view text)
{
    s.Added.clear();
    if (text.empty()) return {};
    Message notice;
    for (std::string_view item : SplitOn(text, '_')) {
        const auto parts = SplitOn(item, ',');
        double x = 0.0, y = 0.0;
        long long c = 0;
        if (parts.size() != 3 || !ParseReal(parts[0], x) || !ParseReal(parts[1], y) || !ParseInteger(parts[2], c)) {
            notice = Msg("неверные точки пропущены (x,y,класс_...)");
            continue;
        }
        if (static_cast<int>(s.Added.size()) >= kCmlMaxAddedPoints) {
            notice = Msg("не больше %d добавленных точек", kCmlMaxAddedPoints);
            break;
        }
        const double lo = -kCmlUiMeanRange, hi = kCmlUiMeanRange;
        if (x < lo || x > hi || y < lo || y > hi || c < 0 || c >= kCmlMaxClasses) notice = ClampNotice(lo, hi);
        s.Added.push_back({CmlRoundTo(std::clamp(x, lo, hi), 100.0), CmlRoundTo(std::clamp(y, lo, hi), 100.0),
                           static_cast<int>(std::clamp<long long>(c, 0, kCmlMaxClasses - 1))});
    }
    return notice;
}

std::string EncodeRemoved(const S& s)
{
    std::string out;
    for (int i : s.Removed) {
        if (!out.empty()) out += ',';
        out += std::to_string(i);
    }
    return out;
}

Message DecodeRemoved(S& s, std::string_view text)
{
    s.Removed.clear();
    if (text.empty()) return {};
    Message notice;
    for (std::string_view item : SplitOn(text, ',')) {
        long long i = 0;
        if (!ParseInteger(item, i) || i < 0 || i >= kCmlMaxPoints) {
            notice = Msg("неверные номера точек пропущены");
            continue;
        }
        s.Removed.push_back(static_cast<int>(i));
    }
    std::sort(s.Removed.begin(), s.Removed.end());
    s.Removed.erase(std::unique(s.Removed.begin(), s.Removed.end()), s.Removed.end());
    if (static_cast<int>(s.Removed.size()) > kCmlMaxRemovedPoints) {
        s.Removed.resize(kCmlMaxRemovedPoints);
        notice = Msg("не больше %d удалённых точек", kCmlMaxRemovedPoints);
    }
    return notice;
}

void AddBlobFields(StateSchema<S>& schema, int k)
{
    const std::string n = std::to_string(k);
    const auto blob = [k](S& s) -> CmlBlob& { return s.Blobs[static_cast<std::size_t>(k)]; };
    const double m = kCmlUiMeanRange;
    schema.Real("m" + n + "x", [blob](S& s) -> double& { return blob(s).MeanX; }, -m, m, {MLVIZ_TR_KEY("Среднее x"), "%.2f"})
        .Real("m" + n + "y", [blob](S& s) -> double& { return blob(s).MeanY; }, -m, m, {MLVIZ_TR_KEY("Среднее y"), "%.2f"})
        .Real("m" + n + "z", [blob](S& s) -> double& { return blob(s).MeanZ; }, -m, m, {MLVIZ_TR_KEY("Среднее z"), "%.2f"})
        .Real("v" + n + "x", [blob](S& s) -> double& { return blob(s).VarX; }, 0.01, 16.0,
              {MLVIZ_TR_KEY("Дисперсия x"), "%.3f", true})
        .Real("v" + n + "y", [blob](S& s) -> double& { return blob(s).VarY; }, 0.01, 16.0,
              {MLVIZ_TR_KEY("Дисперсия y"), "%.3f", true})
        .Real("v" + n + "z", [blob](S& s) -> double& { return blob(s).VarZ; }, 0.01, 16.0,
              {MLVIZ_TR_KEY("Дисперсия z"), "%.3f", true})
        .Real("c" + n + "xy", [blob](S& s) -> double& { return blob(s).CovXY; }, -16.0, 16.0,
              {MLVIZ_TR_KEY("Ковариация xy"), "%.3f"})
        .Real("c" + n + "xz", [blob](S& s) -> double& { return blob(s).CovXZ; }, -16.0, 16.0,
              {MLVIZ_TR_KEY("Ковариация xz"), "%.3f"})
        .Real("c" + n + "yz", [blob](S& s) -> double& { return blob(s).CovYZ; }, -16.0, 16.0,
              {MLVIZ_TR_KEY("Ковариация yz"), "%.3f"});
}

StateSchema<S> MakeSchema()
{
    StateSchema<S> schema;
    constexpr int kSeedMax = 1 << 30;
    schema.Enum("preset", [](S& s) -> int& { return s.Preset; }, CmlPresetNames(), {MLVIZ_TR_KEY("Пресет")})
        .Enum("tab", [](S& s) -> int& { return s.Tab; }, {"pca", "ensemble", "imbalance"})
        .Enum("data", [](S& s) -> int& { return s.Shape; }, EnumNames<CmlShape>(CmlShapeName), {MLVIZ_TR_KEY("Данные")})
        .Int("dims", [](S& s) -> int& { return s.Dims; }, 2, 3, {MLVIZ_TR_KEY("Признаков")})
        .Int("classes", [](S& s) -> int& { return s.Classes; }, 2, kCmlMaxClasses, {MLVIZ_TR_KEY("Классов")})
        .Int("n", [](S& s) -> int& { return s.PerClass; }, 4, kCmlUiMaxPerClass, {MLVIZ_TR_KEY("Точек в классе")})
        .Real("noise", [](S& s) -> double& { return s.Noise; }, 0.0, 1.0, {MLVIZ_TR_KEY("Шум координат"), "%.2f"})
        .Real("factor", [](S& s) -> double& { return s.Factor; }, 0.05, 0.95, {MLVIZ_TR_KEY("Радиус внутреннего круга"), "%.2f"})
        .Real("flip", [](S& s) -> double& { return s.LabelNoise; }, 0.0, 0.5, {MLVIZ_TR_KEY("Доля перепутанных меток"), "%.2f"})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, kSeedMax, {MLVIZ_TR_KEY("Seed данных")});
    for (int k = 0; k < kCmlMaxClasses; ++k) AddBlobFields(schema, k);
    schema.Custom("pts", EncodeAdded, DecodeAdded).Custom("del", EncodeRemoved, DecodeRemoved);
    schema
        .Int(
            "brush", [](S& s) -> int& { return s.Brush; }, 0, kCmlMaxClasses - 1)
        .Int(
            "cls", [](S& s) -> int& { return s.Selected; }, 0, kCmlMaxClasses - 1)
        .Real("yaw", [](S& s) -> double& { return s.Yaw; }, -3.14, 3.14, {MLVIZ_TR_KEY("Поворот"), "%.2f"})
        .Real("pitch", [](S& s) -> double& { return s.Pitch; }, -1.5, 1.5, {MLVIZ_TR_KEY("Наклон"), "%.2f"})
        .Int("rf_n", [](S& s) -> int& { return s.ForestTrees; }, 1, kCmlMaxTrees, {MLVIZ_TR_KEY("Деревьев в лесу")})
        .Int("rf_depth", [](S& s) -> int& { return s.ForestDepth; }, 1, kCmlMaxTreeDepth, {MLVIZ_TR_KEY("Глубина деревьев леса")})
        .Int("rf_leaf", [](S& s) -> int& { return s.ForestLeaf; }, 1, 50, {MLVIZ_TR_KEY("Мин. точек в листе (лес)")})
        .Int("rf_feat", [](S& s) -> int& { return s.ForestFeatures; }, 1, 2, {MLVIZ_TR_KEY("Признаков на разбиение")})
        .Bool("boot", [](S& s) -> bool& { return s.Bootstrap; }, {MLVIZ_TR_KEY("Бутстрэп")})
        .Int("rf_seed", [](S& s) -> int& { return s.ForestSeed; }, 0, kSeedMax, {MLVIZ_TR_KEY("Seed леса")})
        .Int("gb_n", [](S& s) -> int& { return s.BoostStages; }, 1, kCmlMaxTrees, {MLVIZ_TR_KEY("Деревьев бустинга")})
        .Real("lr", [](S& s) -> double& { return s.LearningRate; }, 0.01, 3.0,
              {MLVIZ_TR_KEY("Шаг (learning rate)"), "%.3f", true})
        .Int("gb_depth", [](S& s) -> int& { return s.BoostDepth; }, 1, kCmlMaxBoostingDepth,
             {MLVIZ_TR_KEY("Глубина деревьев бустинга")})
        .Int("gb_leaf", [](S& s) -> int& { return s.BoostLeaf; }, 1, 50, {MLVIZ_TR_KEY("Мин. точек в листе (бустинг)")})
        .Enum("crit", [](S& s) -> int& { return s.Criterion; }, {"squared_error", "friedman_mse"},
              {MLVIZ_TR_KEY("Критерий разбиения")})
        .Int(
            "step", [](S& s) -> int& { return s.Step; }, -1, kCmlMaxTrees)
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 1.0, 60.0, {nullptr, "%.0f", true})
        .Int("tree", [](S& s) -> int& { return s.Tree; }, -1, kCmlMaxTrees - 1, {MLVIZ_TR_KEY("Дерево для просмотра")})
        .Bool("test", [](S& s) -> bool& { return s.ShowTest; }, {MLVIZ_TR_KEY("Показать тестовые точки")})
        .Real("ratio", [](S& s) -> double& { return s.Ratio; }, 1.0, 500.0, {MLVIZ_TR_KEY("Дисбаланс 1 : N"), "1 : %.0f", true})
        .Int("maj", [](S& s) -> int& { return s.Majority; }, 100, kCmlMaxPointsPerClass, {MLVIZ_TR_KEY("Точек большего класса")})
        .Enum("method", [](S& s) -> int& { return s.Method; }, EnumNames<CmlResampling>(CmlResamplingName),
              {MLVIZ_TR_KEY("Перевыборка")})
        .Int("k", [](S& s) -> int& { return s.SmoteK; }, 1, kCmlMaxSmoteK, {MLVIZ_TR_KEY("SMOTE: соседей k")})
        .Bool("balanced", [](S& s) -> bool& { return s.Balanced; }, {MLVIZ_TR_KEY("Веса классов (balanced)")})
        .Real("thr", [](S& s) -> double& { return s.Threshold; }, 0.0, 1.0, {MLVIZ_TR_KEY("Порог решения"), "%.3f"})
        .Real("reg_c", [](S& s) -> double& { return s.C; }, 1e-4, 1e4,
              {MLVIZ_TR_KEY("C (обратная сила регуляризации)"), "%.4g", true})
        .Int("degree", [](S& s) -> int& { return s.Degree; }, 1, kCmlMaxPolyDegree, {MLVIZ_TR_KEY("Степень признаков")})
        .Int("rs_seed", [](S& s) -> int& { return s.ResampleSeed; }, 0, kSeedMax, {MLVIZ_TR_KEY("Seed перевыборки")});
    return schema;
}

// The rules beyond single fields: PSD covariances, the step and the inspected tree within the
// timeline (the end has one encoding, -1).
void ApplyRules(S& s, std::vector<Message>* notices)
{
    ClassicalMlStateSchema().Clamp(s);
    for (int k = 0; k < kCmlMaxClasses; ++k)
        if (CmlMakePsd(s.Blobs[static_cast<std::size_t>(k)]) && notices)
            notices->push_back(Msg("класс %d: ковариации уменьшены до положительно полуопределённой матрицы", k + 1));
    const int count = CmlTimelineLength(s);
    if (s.Step > count) {
        if (notices) notices->push_back(WithContext(ClampNotice(-1, count), "step=" + std::to_string(s.Step)));
        s.Step = -1;
    }
    if (s.Step == count) s.Step = -1;
    if (s.Tree >= count) {
        if (notices) notices->push_back(WithContext(ClampNotice(-1, count - 1), "tree=" + std::to_string(s.Tree)));
        s.Tree = count - 1;
    }
}

std::vector<Message> DecodeState(const KeyValues& kv, S& out)
{
    KeyValues base_kv;
    for (const auto& [key, value] : kv)
        if (key == "preset") base_kv.emplace_back(key, value);
    S base;
    ClassicalMlStateSchema().Decode(base_kv, base); // its notice comes again below, with the rest
    S s = CmlPresetState(base.Preset);
    std::vector<Message> notices = ClassicalMlStateSchema().Decode(kv, s);
    ApplyRules(s, &notices);
    s.Playing = false; // a link opens paused on its step
    out = s;
    return notices;
}

std::string EncodeState(const S& s)
{
    const S defaults, base = CmlPresetState(s.Preset);
    KeyValues kv;
    for (const auto& f : ClassicalMlStateSchema().AllFields()) {
        std::string v = f.Get(s);
        if (v != f.Get(f.Key == "preset" ? defaults : base)) kv.emplace_back(f.Key, std::move(v));
    }
    return EncodeKeyValues(kv);
}

} // namespace

const StateSchema<ClassicalMlState>& ClassicalMlStateSchema()
{
    static const StateSchema<ClassicalMlState> schema = MakeSchema();
    return schema;
}

void CmlApplyRules(ClassicalMlState& s)
{
    ApplyRules(s, nullptr);
}

const StateCodec<ClassicalMlState>& ClassicalMlCodec()
{
    static const StateCodec<ClassicalMlState> codec{ClassicalMlStateSchema, DecodeState, EncodeState};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(ClassicalMlTopicCodec, ClassicalMlCodec())

double CmlRoundTo(double v, double per_unit)
{
    return std::round(v * per_unit) / per_unit;
}

bool CmlBlobIsPsd(const CmlBlob& b)
{
    if (!(b.VarX > 0.0 && b.VarY > 0.0 && b.VarZ > 0.0)) return false;
    const double rxy = b.CovXY / std::sqrt(b.VarX * b.VarY), rxz = b.CovXZ / std::sqrt(b.VarX * b.VarZ),
                 ryz = b.CovYZ / std::sqrt(b.VarY * b.VarZ);
    if (!(std::fabs(rxy) <= 1.0 && std::fabs(rxz) <= 1.0 && std::fabs(ryz) <= 1.0)) return false;
    // The correlation matrix's determinant (its 2x2 minors are 1 - r^2 >= 0 already).
    return 1.0 + 2.0 * rxy * rxz * ryz - rxy * rxy - rxz * rxz - ryz * ryz >= 0.0;
}

bool CmlMakePsd(CmlBlob& b)
{
    if (CmlBlobIsPsd(b)) return false;
    const CmlBlob start = b;
    const auto shrunk = [&](double t) {
        CmlBlob c = start;
        c.CovXY *= t;
        c.CovXZ *= t;
        c.CovYZ *= t;
        return c;
    };
    double lo = 0.0, hi = 1.0; // shrunk(lo) is PSD (variances are > 0 after the field clamp)
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        (CmlBlobIsPsd(shrunk(mid)) ? lo : hi) = mid;
    }
    b = shrunk(lo);
    return true;
}

} // namespace mlviz
