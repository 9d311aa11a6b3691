#include "topics/classical_detectors/core/cascade.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "topics/classical_detectors/core/xml_lite.h"

namespace mlviz {

namespace {

// Whitespace-separated numbers of an element's text.
bool ReadNumbers(const std::string& text, std::vector<double>& out)
{
    out.clear();
    const char* p = text.c_str();
    while (true) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') ++p;
        if (!*p) return true;
        char* end = nullptr;
        errno = 0;
        const double v = std::strtod(p, &end);
        if (end == p || errno == ERANGE || !std::isfinite(v)) return false;
        out.push_back(v);
        p = end;
    }
}

bool ReadInt(const XmlNode* n, int& out)
{
    std::vector<double> v;
    if (!n || !ReadNumbers(n->Text, v) || v.size() != 1 || v[0] != std::floor(v[0]) || std::fabs(v[0]) > 1e9) return false;
    out = static_cast<int>(v[0]);
    return true;
}

std::string Trimmed(const std::string& s)
{
    const std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

using CascadeResult = Result<HaarCascade>;

CascadeResult ReadStages(const XmlNode& stages, HaarCascade& c)
{
    constexpr float kThresholdEps = 1e-5f; // CascadeClassifierImpl::Data::read's THRESHOLD_EPS
    std::vector<double> nums;
    int si = 0;
    for (const XmlNode& st : stages.Children) {
        if (static_cast<int>(c.Stages.size()) >= kCascadeMaxStages)
            return CascadeResult::Fail(Msg("каскад: больше %d стадий", kCascadeMaxStages));
        const XmlNode* thr = st.Child("stageThreshold");
        const XmlNode* weak = st.Child("weakClassifiers");
        if (!thr || !ReadNumbers(thr->Text, nums) || nums.size() != 1)
            return CascadeResult::Fail(Msg("каскад: у стадии %d нет числа stageThreshold", si));
        if (!weak || weak->Children.empty()) return CascadeResult::Fail(Msg("каскад: у стадии %d нет weakClassifiers", si));
        CascadeStage stage;
        stage.FileThreshold = static_cast<float>(nums[0]);
        stage.Threshold = static_cast<float>(nums[0]) - kThresholdEps;
        stage.FirstTree = static_cast<int>(c.Trees.size());
        stage.TreeCount = static_cast<int>(weak->Children.size());
        for (const XmlNode& w : weak->Children) {
            if (static_cast<int>(c.Trees.size()) >= kCascadeMaxTrees)
                return CascadeResult::Fail(Msg("каскад: больше %d слабых классификаторов", kCascadeMaxTrees));
            const XmlNode* in = w.Child("internalNodes");
            const XmlNode* lv = w.Child("leafValues");
            std::vector<double> leaves;
            if (!in || !lv || !ReadNumbers(in->Text, nums) || !ReadNumbers(lv->Text, leaves))
                return CascadeResult::Fail(Msg("каскад: стадия %d: у дерева нет чисел internalNodes/leafValues", si));
            // HAAR: four numbers a node (left, right, feature, threshold), one leaf more than nodes.
            if (nums.empty() || nums.size() % 4 != 0 || nums.size() / 4 > kCascadeMaxNodesPerTree ||
                leaves.size() != nums.size() / 4 + 1)
                return CascadeResult::Fail(Msg("каскад: стадия %d: в дереве %d чисел узлов и %d листьев", si,
                                               static_cast<long long>(nums.size()), static_cast<long long>(leaves.size())));
            CascadeTree tree;
            tree.FirstNode = static_cast<int>(c.Nodes.size());
            tree.NodeCount = static_cast<int>(nums.size() / 4);
            tree.FirstLeaf = static_cast<int>(c.Leaves.size());
            for (int k = 0; k < tree.NodeCount; ++k) {
                CascadeNode node;
                const double l = nums[k * 4], r = nums[k * 4 + 1], f = nums[k * 4 + 2];
                // A child is either a later node of this tree (> k) or a leaf (<= 0); that rules out cycles.
                auto child_ok = [&](double v) {
                    return v == std::floor(v) && ((v > k && v < tree.NodeCount) || (v <= 0 && -v < tree.NodeCount + 1));
                };
                if (!child_ok(l) || !child_ok(r) || f != std::floor(f) || f < 0 || f > 1e8)
                    return CascadeResult::Fail(Msg("каскад: стадия %d: неверный узел дерева (%g %g %g)", si, l, r, f));
                node.Left = static_cast<int>(l);
                node.Right = static_cast<int>(r);
                node.FeatureIndex = static_cast<int>(f);
                node.Threshold = static_cast<float>(nums[k * 4 + 3]);
                c.Nodes.push_back(node);
            }
            for (double v : leaves) c.Leaves.push_back(static_cast<float>(v));
            if (tree.NodeCount != 1) c.StumpsOnly = false;
            c.Trees.push_back(tree);
        }
        c.Stages.push_back(stage);
        ++si;
    }
    if (c.Stages.empty()) return CascadeResult::Fail(Msg("каскад: нет стадий"));
    return c;
}

CascadeResult ReadFeatures(const XmlNode& features, HaarCascade& c)
{
    std::vector<double> nums;
    int fi = 0;
    for (const XmlNode& f : features.Children) {
        if (static_cast<int>(c.Features.size()) >= kCascadeMaxTrees * kCascadeMaxNodesPerTree)
            return CascadeResult::Fail(Msg("каскад: слишком много признаков"));
        int tilted = 0;
        if (const XmlNode* t = f.Child("tilted"); t && (!ReadInt(t, tilted) || tilted != 0))
            return CascadeResult::Fail(Msg("каскад: признак %d наклонный (tilted): такие признаки не поддерживаются", fi));
        const XmlNode* rects = f.Child("rects");
        if (!rects || rects->Children.size() < 1 || rects->Children.size() > 3)
            return CascadeResult::Fail(Msg("каскад: у признака %d должно быть от 1 до 3 прямоугольников", fi));
        CascadeFeature feat;
        for (const XmlNode& r : rects->Children) {
            if (!ReadNumbers(r.Text, nums) || nums.size() != 5)
                return CascadeResult::Fail(Msg("каскад: прямоугольник признака %d: нужно 5 чисел x y w h вес", fi));
            CascadeRect& cr = feat.Rects[feat.RectCount++];
            for (int k = 0; k < 4; ++k)
                if (nums[k] != std::floor(nums[k]) || std::fabs(nums[k]) > 1e6)
                    return CascadeResult::Fail(Msg("каскад: прямоугольник признака %d: координаты не целые", fi));
            cr.X = static_cast<int>(nums[0]);
            cr.Y = static_cast<int>(nums[1]);
            cr.W = static_cast<int>(nums[2]);
            cr.H = static_cast<int>(nums[3]);
            cr.Weight = static_cast<float>(nums[4]);
            // HaarEvaluator::Feature::read's checks.
            if (cr.X < 0 || cr.Y < 0 || cr.X >= c.WindowWidth || cr.Y >= c.WindowHeight || cr.W < 0 || cr.H < 0 ||
                cr.X + cr.W > c.WindowWidth || cr.Y + cr.H > c.WindowHeight)
                return CascadeResult::Fail(Msg("каскад: прямоугольник признака %d (%d, %d, %d, %d) выходит за окно %dx%d", fi,
                                               cr.X, cr.Y, cr.W, cr.H, c.WindowWidth, c.WindowHeight));
        }
        c.Features.push_back(feat);
        ++fi;
    }
    for (const CascadeNode& n : c.Nodes)
        if (n.FeatureIndex >= static_cast<int>(c.Features.size()))
            return CascadeResult::Fail(Msg("каскад: узел ссылается на признак %d, а признаков %d", n.FeatureIndex,
                                           static_cast<long long>(c.Features.size())));
    return c;
}

} // namespace

Result<HaarCascade> ParseHaarCascade(std::string_view xml)
{
    auto doc = ParseXml(xml);
    if (!doc) return CascadeResult::Fail(doc.Error());
    const XmlNode* root = &doc.Value();
    const XmlNode* cascade = root->Name == "cascade" ? root : root->Child("cascade");
    if (!cascade) {
        for (const XmlNode& ch : root->Children)
            if (ch.Child("stages") && ch.Child("size"))
                return CascadeResult::Fail(
                    Msg("каскад в старом формате (<%s>): нужен формат opencv_traincascade с <cascade>", ch.Name));
        return CascadeResult::Fail(Msg("в XML нет элемента <cascade>"));
    }
    const XmlNode* stage_type = cascade->Child("stageType");
    const XmlNode* feature_type = cascade->Child("featureType");
    if (!stage_type || Trimmed(stage_type->Text) != "BOOST")
        return CascadeResult::Fail(Msg("каскад: stageType должен быть BOOST"));
    if (!feature_type || Trimmed(feature_type->Text) != "HAAR")
        return CascadeResult::Fail(Msg("каскад: featureType '%s' не поддерживается, нужен HAAR",
                                       feature_type ? Trimmed(feature_type->Text) : std::string("?")));
    HaarCascade c;
    if (!ReadInt(cascade->Child("width"), c.WindowWidth) || !ReadInt(cascade->Child("height"), c.WindowHeight) ||
        c.WindowWidth < 3 || c.WindowHeight < 3 || c.WindowWidth > kCascadeMaxWindow || c.WindowHeight > kCascadeMaxWindow)
        return CascadeResult::Fail(Msg("каскад: размер окна width/height должен быть от 3 до %d", kCascadeMaxWindow));
    int max_cat = 0;
    if (const XmlNode* fp = cascade->Child("featureParams");
        fp && fp->Child("maxCatCount") && (!ReadInt(fp->Child("maxCatCount"), max_cat) || max_cat != 0))
        return CascadeResult::Fail(Msg("каскад: maxCatCount должен быть 0 для признаков Хаара"));
    const XmlNode* stages = cascade->Child("stages");
    const XmlNode* features = cascade->Child("features");
    if (!stages) return CascadeResult::Fail(Msg("каскад: нет элемента <stages>"));
    if (!features) return CascadeResult::Fail(Msg("каскад: нет элемента <features>"));
    if (auto r = ReadStages(*stages, c); !r) return r;
    if (auto r = ReadFeatures(*features, c); !r) return r;
    if (c.StumpsOnly)
        for (const CascadeTree& t : c.Trees) {
            const CascadeNode& n = c.Nodes[t.FirstNode];
            c.Stumps.push_back({n.FeatureIndex, n.Threshold, c.Leaves[t.FirstLeaf - n.Left], c.Leaves[t.FirstLeaf - n.Right]});
        }
    return c;
}

Result<HaarCascade> TruncateCascade(const HaarCascade& c, int stage_count)
{
    if (stage_count < 1 || stage_count > static_cast<int>(c.Stages.size()))
        return CascadeResult::Fail(Msg("число стадий %d вне [1, %d]", stage_count, static_cast<long long>(c.Stages.size())));
    HaarCascade t = c;
    t.Stages.resize(stage_count);
    return t;
}

} // namespace mlviz
