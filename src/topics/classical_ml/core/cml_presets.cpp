// Preset rows of the three classical-ML tabs.
#include "topics/classical_ml/core/cml_presets.h"

#include <cmath>

#include "core/message.h"

namespace mlviz {

namespace {

CmlBlob Rotated(double mx, double my, double a, double b, double degrees, int count)
{
    const double t = degrees * 3.14159265358979323846 / 180.0, c = std::cos(t), s = std::sin(t);
    CmlBlob blob;
    blob.MeanX = mx;
    blob.MeanY = my;
    blob.VarX = a * a * c * c + b * b * s * s;
    blob.VarY = a * a * s * s + b * b * c * c;
    blob.CovXY = (a * a - b * b) * c * s;
    blob.Count = count;
    return blob;
}

CmlBlob Blob3(double mx, double my, double mz, double vx, double vy, double vz, double cxy, double cxz, double cyz, int count)
{
    return CmlBlob{mx, my, mz, vx, vy, vz, cxy, cxz, cyz, count};
}

CmlDataConfig Blobs(int dims, std::initializer_list<CmlBlob> blobs, std::uint32_t seed)
{
    CmlDataConfig c;
    c.Shape = CmlShape::Blobs;
    c.Dims = dims;
    c.NumClasses = static_cast<int>(blobs.size());
    c.Seed = seed;
    int k = 0;
    for (const CmlBlob& b : blobs) c.Blobs[k++] = b;
    return c;
}

CmlDataConfig Shape(CmlShape shape, int per_class, double noise, double label_noise, std::uint32_t seed)
{
    CmlDataConfig c;
    c.Shape = shape;
    c.PointsPerClass = per_class;
    c.Noise = noise;
    c.LabelNoise = label_noise;
    c.Seed = seed;
    return c;
}

CmlForestParams Forest(int trees, int depth)
{
    CmlForestParams f;
    f.NumTrees = trees;
    f.MaxDepth = depth;
    return f;
}

CmlBoostingParams Boosting(int stages, double lr, int depth)
{
    CmlBoostingParams b;
    b.NumStages = stages;
    b.LearningRate = lr;
    b.MaxDepth = depth;
    return b;
}

CmlImbalanceConfig Imbalance(double ratio, CmlResampling method, bool balanced);

// Two long parallel classes at 30 degrees, 1.2 apart across their length: PCA's first axis runs
// along them (both classes project onto the same interval), LDA's across them.
const CmlProjectionPreset kProjection[] = {
    {"parallel", MLVIZ_TR_KEY("Два длинных параллельных класса"),
     MLVIZ_TR_KEY("Первая ось PCA идёт вдоль классов и смешивает их; ось LDA поперёк разделяет"),
     Blobs(2, {Rotated(-0.3, 0.52, 2.5, 0.25, 30.0, 150), Rotated(0.3, -0.52, 2.5, 0.25, 30.0, 150)}, 1)},
    {"agree", MLVIZ_TR_KEY("PCA и LDA согласны"),
     MLVIZ_TR_KEY("Классы разнесены вдоль направления наибольшего разброса: обе оси совпадают"),
     Blobs(2, {Rotated(-2.0, 0.0, 1.0, 0.5, 0.0, 150), Rotated(2.0, 0.0, 1.0, 0.5, 0.0, 150)}, 2)},
    {"three_blobs", MLVIZ_TR_KEY("Три класса на плоскости"),
     MLVIZ_TR_KEY("C = 3: у LDA две оси, J(w) каждой оси равен её собственному числу"),
     Blobs(2,
           {Rotated(-2.0, 0.0, 1.2, 0.4, 60.0, 100), Rotated(1.0, 1.5, 1.2, 0.4, 60.0, 100),
            Rotated(1.0, -1.5, 1.2, 0.4, 60.0, 100)},
           3)},
    {"three_classes_3d", MLVIZ_TR_KEY("3-D: три класса"),
     MLVIZ_TR_KEY("Три признака, три класса: LDA даёт не больше C - 1 = 2 осей, PCA — три"),
     Blobs(3,
           {Blob3(0, 0, 0, 2.0, 0.5, 0.3, 0.6, 0.2, 0.0, 100), Blob3(2, 1, 0, 2.0, 0.5, 0.3, 0.6, 0.2, 0.0, 100),
            Blob3(0, 2, 1.5, 2.0, 0.5, 0.3, 0.6, 0.2, 0.0, 100)},
           4)},
    {"two_classes_3d", MLVIZ_TR_KEY("3-D: два класса"),
     MLVIZ_TR_KEY("Два класса в 3-D: у LDA одна ось, как бы ни были расположены точки"),
     Blobs(3, {Blob3(0, 0, 0, 3.0, 0.3, 0.3, 0.0, 0.0, 0.0, 150), Blob3(0, 1.0, 0.5, 3.0, 0.3, 0.3, 0.0, 0.0, 0.0, 150)}, 5)},
};

const CmlEnsemblePreset kEnsemble[] = {
    {"forest_variance", MLVIZ_TR_KEY("Лес снижает дисперсию"),
     MLVIZ_TR_KEY("Одно глубокое дерево переобучено; среднее 200 деревьев снижает тестовую потерю в разы"),
     Shape(CmlShape::Moons, 100, 0.35, 0.0, 1), Forest(200, 20), Boosting(200, 0.1, 3)},
    {"boosting_bias", MLVIZ_TR_KEY("Бустинг снижает смещение"),
     MLVIZ_TR_KEY("Пни (глубина 1): их среднее остаётся около 0.5, а сумма поправок бустинга доводит потерю почти до нуля"),
     Shape(CmlShape::Circles, 150, 0.1, 0.0, 1), Forest(200, 1), Boosting(300, 0.1, 1)},
    {"boosting_overfit", MLVIZ_TR_KEY("Бустинг переобучается: шаг 1.0"),
     MLVIZ_TR_KEY("15 меток из 100 перепутаны; при шаге 1.0 тестовая потеря минимальна после первых деревьев и дальше растёт"),
     Shape(CmlShape::Moons, 100, 0.25, 0.15, 1), Forest(200, 20), Boosting(300, 1.0, 4)},
    {"boosting_shrinkage", MLVIZ_TR_KEY("Тот же шум, шаг 0.1"),
     MLVIZ_TR_KEY("Меньший шаг сдвигает минимум тестовой потери дальше и делает рост медленнее"),
     Shape(CmlShape::Moons, 100, 0.25, 0.15, 1), Forest(200, 20), Boosting(300, 0.1, 4)},
};

// 2000 majority points; the minority blob sits apart but overlaps the majority's tail.
CmlImbalanceConfig Imbalance(double ratio, CmlResampling method, bool balanced)
{
    CmlImbalanceConfig c;
    c.Data = Blobs(2, {Rotated(0.0, 0.0, 1.5, 1.0, 20.0, 2000), Rotated(3.0, 1.8, 0.8, 0.6, -30.0, 20)}, 1);
    c.Majority = 2000;
    c.Ratio = ratio;
    c.Method = method;
    c.SmoteK = 5;
    c.Model.BalancedWeights = balanced;
    return c;
}

const CmlImbalancePreset kImbalance[] = {
    {"accuracy_trap", MLVIZ_TR_KEY("Ловушка точности, 1:100"),
     MLVIZ_TR_KEY("Точность высокая, но почти все редкие точки пропущены: смотрите на полноту и PR-кривую"),
     Imbalance(100.0, CmlResampling::None, false), 0.5},
    {"smote", MLVIZ_TR_KEY("SMOTE, 1:100"),
     MLVIZ_TR_KEY("Синтетические точки на отрезках между соседями редкого класса сдвигают границу"),
     Imbalance(100.0, CmlResampling::Smote, false), 0.5},
    {"class_weights", MLVIZ_TR_KEY("Веса классов, 1:100"),
     MLVIZ_TR_KEY("class_weight=\"balanced\": редкие ошибки стоят в 100 раз дороже"), Imbalance(100.0, CmlResampling::None, true),
     0.5},
    {"threshold", MLVIZ_TR_KEY("Порог 0.1, 1:100"),
     MLVIZ_TR_KEY("Та же модель, ниже порог: полнота растёт ценой точности положительных"),
     Imbalance(100.0, CmlResampling::None, false), 0.1},
    {"extreme", MLVIZ_TR_KEY("1:500"),
     MLVIZ_TR_KEY("Четыре редкие точки: SMOTE с k = 5 невозможен (нужно больше k точек класса)"),
     Imbalance(500.0, CmlResampling::Smote, false), 0.5},
};

} // namespace

CmlBlob CmlRotatedBlob(double mean_x, double mean_y, double a, double b, double degrees, int count)
{
    return Rotated(mean_x, mean_y, a, b, degrees, count);
}

std::array<CmlBlob, kCmlMaxClasses> CmlDefaultBlobs()
{
    const CmlDataConfig& d = kImbalance[0].Config.Data;
    return {d.Blobs[0], d.Blobs[1], Rotated(-2.5, 2.5, 0.9, 0.5, -45.0, 100), Rotated(0.5, -3.0, 1.0, 0.4, 10.0, 100)};
}

std::span<const CmlProjectionPreset> CmlProjectionPresets()
{
    return kProjection;
}
std::span<const CmlEnsemblePreset> CmlEnsemblePresets()
{
    return kEnsemble;
}
std::span<const CmlImbalancePreset> CmlImbalancePresets()
{
    return kImbalance;
}

} // namespace mlviz
