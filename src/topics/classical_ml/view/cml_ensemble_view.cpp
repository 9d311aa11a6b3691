// Classical ML, the random forest vs gradient boosting tab: both ensembles grown on the same
// points a slice per frame, their decision regions at the shown number of trees side by side
// (CmlRegionJob adds or takes away one tree at a time), the curves, and one tree's path on hover.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/classical_ml/view/cml_view.h"
#include "ui/image_textures.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

constexpr int kGridSide = 72;         // one region pass of a deep tree stays well under the frame budget
constexpr long long kJobSlice = 2500; // tree-builder work units per call (~0.2 ms)

} // namespace

int CmlEnsemblePanel::TreesShown(const ClassicalMlState& s, bool boosting) const
{
    const int total = boosting ? s.BoostStages : s.ForestTrees;
    return s.Step < 0 ? total : std::min(s.Step, total);
}

bool CmlEnsemblePanel::Busy() const
{
    return Error.Empty() &&
        (!Forest.Done() || !Boosting.Done() || ForestRegions.Trees() != std::min(Forest.TreeCount(), Target[0]) ||
         BoostRegions.Trees() != std::min(Boosting.StageCount(), Target[1]));
}

double CmlEnsemblePanel::Progress() const
{
    return 0.5 * (Forest.Progress() + Boosting.Progress());
}

void CmlEnsemblePanel::Restart(const ClassicalMlState& s)
{
    BuiltFor = s;
    Built = true;
    Error = {};
    ImageVersion[0] = ImageVersion[1] = ~0ull;
    auto train = CmlTrainingSet(s, 2, &Origin);
    auto test = CmlGenerate(CmlDataConfigOf(s, 2), 1);
    if (!train || !test) {
        Error = !train ? train.Error() : test.Error();
        Train = Test = {};
        return;
    }
    Train = std::move(*train);
    Test = std::move(*test);
    if (Message m = Forest.Begin(Train, &Test, CmlForestParamsOf(s)); !m.Empty())
        Error = m;
    else if (Message b = Boosting.Begin(Train, &Test, CmlBoostingParamsOf(s)); !b.Empty())
        Error = b;
    if (!Error.Empty()) return;
    // A square grid over both point sets: the maps have equal scales on x and y.
    CmlDataset all = Train;
    all.X.insert(all.X.end(), Test.X.begin(), Test.X.end());
    all.Y.insert(all.Y.end(), Test.Y.begin(), Test.Y.end());
    const float unit = 100.0f, font = ImGui::GetFontSize();
    const PlotRange r = CmlSquareRange(all, ImVec2(unit + font * 3.8f, unit + font * 2.1f), 0.06);
    Grid = CmlGridSpec{r.XMin, r.XMax, r.YMin, r.YMax, kGridSide, kGridSide};
    if (Message m = ForestRegions.Begin(Grid, Forest); !m.Empty())
        Error = m;
    else if (Message b = BoostRegions.Begin(Grid, Boosting); !b.Empty())
        Error = b;
}

void CmlEnsemblePanel::Update(const ClassicalMlState& s, const CmlDeadline& deadline)
{
    if (!Built || !SameCmlEnsembles(s, BuiltFor)) Restart(s);
    if (!Error.Empty()) return;
    Target[0] = TreesShown(s, false);
    Target[1] = TreesShown(s, true);
    // The regions of the shown step first (scrubbing answers at once), then more trees; the
    // deadline is checked between single units of work (a region pass of one tree, a job slice).
    for (int guard = 0; guard < 4000 && !deadline.Passed(); ++guard) {
        if (ForestRegions.Trees() != std::min(Target[0], Forest.TreeCount())) {
            ForestRegions.Step(Forest, Target[0], 1);
            continue;
        }
        if (BoostRegions.Trees() != std::min(Target[1], Boosting.StageCount())) {
            BoostRegions.Step(Boosting, Target[1], 1);
            continue;
        }
        if (Forest.Done() && Boosting.Done()) break;
        // Both ensembles grow at the same pace (their progress bars move together).
        if (!Forest.Done() && (Boosting.Done() || Forest.Progress() <= Boosting.Progress()))
            Forest.Step(kJobSlice);
        else
            Boosting.Step(kJobSlice);
    }
}

void CmlEnsemblePanel::UpdateImage(bool boosting)
{
    const CmlRegionJob& r = boosting ? BoostRegions : ForestRegions;
    const int b = boosting ? 1 : 0;
    if (ImageVersion[b] == r.Version() || !r.Started()) return;
    ImageVersion[b] = r.Version();
    Image& img = Images[b];
    const CmlGridSpec& g = r.Spec();
    img.Width = g.Width;
    img.Height = g.Height;
    img.Pixels.assign(static_cast<std::size_t>(g.Width) * g.Height * 4, 0);
    const int k = r.NumClasses();
    ImU32 colors[kCmlMaxClasses];
    for (int c = 0; c < kCmlMaxClasses; ++c) colors[c] = CmlClassColor(c);
    for (int row = 0; row < g.Height; ++row)
        for (int col = 0; col < g.Width; ++col) {
            const std::size_t cell = static_cast<std::size_t>(row) * g.Width + col;
            const int label = r.Label()[cell];
            if (label < 0) continue;
            const double top = r.Proba()[cell * k + label];
            const double confidence = std::clamp((top - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0);
            const ImU32 c = colors[std::min(label, kCmlMaxClasses - 1)];
            std::uint8_t* px = img.At(col, g.Height - 1 - row); // image row 0 is the top
            px[0] = static_cast<std::uint8_t>((c >> IM_COL32_R_SHIFT) & 0xFF);
            px[1] = static_cast<std::uint8_t>((c >> IM_COL32_G_SHIFT) & 0xFF);
            px[2] = static_cast<std::uint8_t>((c >> IM_COL32_B_SHIFT) & 0xFF);
            px[3] = static_cast<std::uint8_t>(255.0 * (0.12 + 0.5 * confidence));
        }
}

void CmlEnsemblePanel::Draw(ViewContext& ctx, ClassicalMlState& s)
{
    if (!Error.Empty()) {
        ImGui::TextColored(CmlErrorColor(), "%s", Tr(Error).c_str());
        return;
    }
    const float font = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (!Forest.Done() || !Boosting.Done()) {
        char buf[160];
        std::snprintf(buf, sizeof buf, Tr("Строю деревья: лес %d из %d, бустинг %d из %d"), Forest.TreeCount(), s.ForestTrees,
                      Boosting.StageCount(), s.BoostStages);
        ImGui::ProgressBar(static_cast<float>(Progress()), ImVec2(-1.0f, 0.0f), buf);
    }
    // Two square maps side by side, the curves below; the maps leave the curves ~11 lines.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float below = font * 11.0f + line * 3.0f;
    const float side = std::max(font * 8.0f, std::min((avail.x - spacing) * 0.5f - font * 3.8f, avail.y - below - font * 3.6f));
    DrawMap(ctx, s, false, side);
    ImGui::SameLine(0.0f, spacing);
    DrawMap(ctx, s, true, side);
    const float half = (ImGui::GetContentRegionAvail().x - spacing) * 0.5f;
    const float chart_h = std::max(font * 8.0f, std::min(font * 12.0f, ImGui::GetContentRegionAvail().y - line * 2.2f));
    DrawCurves(s, true, ImVec2(half, chart_h));
    ImGui::SameLine(0.0f, spacing);
    DrawCurves(s, false, ImVec2(half, chart_h));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s",
                        Tr("Яркие линии — тест, бледные — обучение. Лес: p(x) = (1/T)·Σ pₜ(x) — среднее деревьев; бустинг: "
                           "F_m(x) = F_{m−1}(x) + ν·h_m(x), p = σ(F). Наведите на карту: путь одного дерева."));
    ImGui::PopTextWrapPos();
}

void CmlEnsemblePanel::DrawMap(ViewContext& ctx, ClassicalMlState& s, bool boosting, float side)
{
    const int b = boosting ? 1 : 0;
    const CmlRegionJob& regions = boosting ? BoostRegions : ForestRegions;
    const int shown = regions.Trees();
    const std::vector<CmlCurvePoint>& curve = boosting ? Boosting.Curves() : Forest.Curves();
    const int point = boosting ? shown : shown - 1;
    char title[200];
    if (boosting)
        std::snprintf(title, sizeof title, Tr("Градиентный бустинг: %d дер., ν = %.3g"), shown, s.LearningRate);
    else
        std::snprintf(title, sizeof title, Tr("Случайный лес: %d дер."), shown);
    ImGui::BeginGroup();
    const float font = ImGui::GetFontSize();
    const ImVec2 size(side + font * 3.8f, side + font * 2.1f + font); // a data area of side x side, with a title
    UpdateImage(boosting);
    const PlotFrame f = BeginPlot(boosting ? "##map_gb" : "##map_rf", size, PlotRange{Grid.X0, Grid.X1, Grid.Y0, Grid.Y1}, title);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (regions.Started() && shown > 0) {
        if (Slots[b] < 0) Slots[b] = ctx.Images->CreateSlot();
        const ImTextureID tex = ctx.Images->Upload(Slots[b], Images[b], ImageVersion[b], true);
        dl->AddImage(tex, f.ToScreen(Grid.X0, Grid.Y1), f.ToScreen(Grid.X1, Grid.Y0));
    }
    const float r = std::max(2.5f, font * 0.2f);
    if (s.ShowTest)
        CmlDrawPoints(f, Test, r, 0.9f, true);
    else
        CmlDrawPoints(f, Train, r, 0.9f);
    const bool edited =
        Editors[b].Handle(f, s, s.Shape == static_cast<int>(CmlShape::Blobs) ? s.Classes : 0, !s.ShowTest, &Train, &Origin);
    (void)edited; // the next frame's update restarts both ensembles
    double x[2] = {f.MouseX, f.MouseY};
    const bool hover = f.Hovered && !Editors[b].Dragging() && !ImGui::IsMouseDown(ImGuiMouseButton_Left);
    int index = 0, output = 0;
    const CmlTree* tree = hover ? InspectedTree(s, boosting, x, index, output) : nullptr;
    if (tree) DrawLeafCell(f, *tree, x);
    EndPlot(f);
    if (tree) ImGui::SetTooltip("%s", PathText(s, boosting, x).c_str());
    if (point >= 0 && point < static_cast<int>(curve.size())) {
        const CmlCurvePoint& c = curve[static_cast<std::size_t>(point)];
        ImGui::Text(Tr("точность: обуч. %.3f, тест %.3f"), c.TrainAccuracy, c.TestAccuracy);
        ImGui::Text(Tr("log-loss: обуч. %.3f, тест %.3f"), c.TrainLoss, c.TestLoss);
    } else {
        ImGui::TextDisabled("%s", Tr("нет деревьев: сдвиньте шаг вперёд"));
        ImGui::TextDisabled(" ");
    }
    ImGui::EndGroup();
}

} // namespace mlviz
