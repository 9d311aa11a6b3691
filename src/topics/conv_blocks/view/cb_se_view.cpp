// CNN building blocks view, q53: the same small CNN with and without a Squeeze-and-Excitation
// block trained on the digits in the app (nn::SeDigitsJob, a slice per frame with a progress bar),
// their measured accuracy and parameters, and the SE block's channel weights for a chosen test
// digit and per class. The digits arrive through ctx.Data when the tab opens; nothing waits.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/nn/digits.h"
#include "core/nn/se_digits.h"
#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/controls.h"
#include "ui/data_files.h"
#include "ui/plot.h"
#include "ui/tr.h"

namespace mlviz {

namespace {
constexpr const char* kDigitsFile = "digits/digits.csv.gz";
}

struct SePanel::Impl {
    std::optional<nn::DigitsData> Digits;
    std::string Error;
    bool Loading = true;
    int BuiltSeed = -1, BuiltEpochs = 0, BuiltReduction = 0;
    bool BuiltHead = false;
    std::optional<nn::SeDigitsJob> Job;
    // The chosen digit's excitation, recomputed when the digit or the weights changed.
    int ExciteDigit = -1;
    double ExciteProgress = -1.0;
    std::vector<double> Excite;
};

SePanel::SePanel() : P(std::make_unique<Impl>()) {}
SePanel::~SePanel() = default;

void SePanel::Update(ViewContext& ctx, const ConvBlocksState& s)
{
    Impl& d = *P;
    if (!d.Digits && d.Error.empty()) {
        const DataFiles::Entry& e = ctx.Data->Get(kDigitsFile);
        d.Loading = e.State == DataFiles::Status::Loading;
        if (e.State == DataFiles::Status::Failed) d.Error = std::string(Tr("Не удалось загрузить цифры: ")) + e.Error;
        if (e.State != DataFiles::Status::Ready) return;
        auto digits = nn::LoadDigitsGz(e.Bytes);
        if (!digits) {
            d.Error = std::string(Tr("Не удалось загрузить цифры: ")) + Tr(digits.Error());
            return;
        }
        d.Digits = std::move(*digits);
        d.Loading = false;
    }
    if (!d.Digits) return;
    if (!d.Job || d.BuiltSeed != s.SeSeed || d.BuiltEpochs != s.SeEpochs || d.BuiltReduction != s.SeReduction ||
        d.BuiltHead != s.SeGlobalHead) {
        nn::SeDigitsConfig c;
        c.Net.Reduction = s.SeReduction;
        c.Net.GlobalPoolHead = s.SeGlobalHead;
        c.Epochs = s.SeEpochs;
        c.Seed = static_cast<std::uint32_t>(s.SeSeed);
        d.Job.reset();
        d.ExciteDigit = -1;
        auto job = nn::SeDigitsJob::Create(*d.Digits, c);
        if (!job)
            d.Error = Tr(job.Error());
        else
            d.Job.emplace(std::move(*job)), d.Error.clear();
        d.BuiltSeed = s.SeSeed, d.BuiltEpochs = s.SeEpochs, d.BuiltReduction = s.SeReduction, d.BuiltHead = s.SeGlobalHead;
    }
    if (!d.Job) return;
    const int digit = std::clamp(s.SeDigit, 0, d.Job->TestCount() - 1);
    if (digit != d.ExciteDigit || d.Job->Progress() != d.ExciteProgress) {
        auto e = d.Job->Excitation(digit);
        if (e) d.Excite = *e;
        d.ExciteDigit = digit;
        d.ExciteProgress = d.Job->Progress();
    }
}

void SePanel::Advance()
{
    Impl& d = *P;
    if (!d.Job || d.Job->Done()) return;
    // Units of about 1 ms: another one only when it still fits the 1.2 ms slice (the frame's drawing adds ~0.4 ms).
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto longest = Clock::duration::zero();
    do {
        const auto before = Clock::now();
        auto r = d.Job->Step(1);
        if (!r) {
            d.Error = Tr(r.Error());
            d.Job.reset();
            return;
        }
        longest = std::max(longest, Clock::now() - before);
    } while (!d.Job->Done() && Clock::now() - start + longest < std::chrono::microseconds(1200));
}

void SePanel::DrawControls(ConvBlocksState& s)
{
    const auto& t = ConvBlocksStateSchema();
    for (const char* key : {"epochs", "se_r"}) FieldSlider(t, key, s);
    FieldCheckbox(t, "gap", s);
    FieldInputInt(t, "se_seed", s);
    ImGui::SeparatorText(Tr("Цифра"));
    FieldSlider(t, "digit", s);
}

namespace {

void DigitImage(const nn::Dataset<double>& test, int index, float px)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            dl->AddRectFilled(ImVec2(o.x + x * px, o.y + y * px), ImVec2(o.x + (x + 1) * px, o.y + (y + 1) * px),
                              HeatColor(test.Inputs.At({index, 0, y, x})));
    dl->AddRect(o, ImVec2(o.x + 8 * px, o.y + 8 * px), ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::Dummy(ImVec2(8 * px, 8 * px));
}

} // namespace

void SePanel::Draw(const ViewContext& ctx, ConvBlocksState& s)
{
    (void)ctx;
    Impl& d = *P;
    if (!d.Error.empty()) {
        ErrorText(d.Error);
        return;
    }
    if (!d.Job) {
        ImGui::TextDisabled("%s", Tr("Загрузка цифр (scikit-learn load_digits, 1 797 картинок 8×8)…"));
        return;
    }
    nn::SeDigitsJob& job = *d.Job;
    const nn::SeDigitsModel& a = job.Plain();
    const nn::SeDigitsModel& b = job.WithSe();
    const float font = ImGui::GetFontSize(), w = ImGui::GetContentRegionAvail().x;
    const float left_w = std::max(font * 16.0f, w * 0.5f - font);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(
        Tr("Сеть: conv 3×3 1→8, ReLU, max pool 2, conv 3×3 8→16, ReLU, [SE: avg pool → FC 16→16/r → ReLU → FC → sigmoid → ×], "
           "голова, Linear → 10. Adam, lr 0.01, батч 32; обе сети стартуют с одних весов и видят одни батчи."));
    ImGui::PopTextWrapPos();
    if (!job.Done()) {
        char buf[96];
        std::snprintf(buf, sizeof buf, Tr("обучение: эпоха %d из %d"), static_cast<int>(a.EpochLosses.size()), s.SeEpochs);
        ImGui::ProgressBar(static_cast<float>(job.Progress()), ImVec2(-1.0f, 0.0f), job.Training() ? buf : Tr("оценка на тесте"));
    }

    ImGui::BeginGroup();
    double ymax = 0.1;
    for (double v : a.EpochLosses) ymax = std::max(ymax, v);
    for (double v : b.EpochLosses) ymax = std::max(ymax, v);
    const PlotFrame f = BeginPlot("##loss", ImVec2(left_w, font * 10.0f), PlotRange{0.5, s.SeEpochs + 0.5, 0.0, ymax * 1.05},
                                  Tr("Средний loss за эпоху"), PlotFlags_IntegerX);
    for (int k = 0; k < 2; ++k) {
        const std::vector<double>& ys = k == 0 ? a.EpochLosses : b.EpochLosses;
        std::vector<double> xs(ys.size());
        for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<double>(i + 1);
        PlotLine(f, xs, ys, SeriesColor(k), 2.0f);
        for (std::size_t i = 0; i < xs.size(); ++i) PlotMarker(f, xs[i], ys[i], SeriesColor(k), 2.5f);
    }
    EndPlot(f);
    const auto acc = [&](const nn::SeDigitsModel& m) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * m.TestAccuracy);
        return job.Done() ? std::string(buf) : std::string("…");
    };
    const int n = job.TestCount();
    TextTable("##se_models",
              {{Tr("Сеть"), Tr("Параметры"), Tr("MACs"), Tr("Точность на тесте"), Tr("Ошибок")},
               {Tr("без SE"), Thousands(a.Parameters), Thousands(a.MultiplyAdds), acc(a),
                job.Done() ? std::to_string(n - static_cast<int>(a.TestAccuracy * n + 0.5)) + " / " + std::to_string(n) : "…"},
               {Tr("с SE"), Thousands(b.Parameters), Thousands(b.MultiplyAdds), acc(b),
                job.Done() ? std::to_string(n - static_cast<int>(b.TestAccuracy * n + 0.5)) + " / " + std::to_string(n) : "…"}});
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(0)), "— %s", Tr("без SE"));
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(1)), "— %s", Tr("с SE"));
    ImGui::TextDisabled(Tr("SE добавляет %s параметров (+%.1f %%); тест: %d цифр, seed %d."),
                        Thousands(b.Parameters - a.Parameters).c_str(),
                        100.0 * (b.Parameters - a.Parameters) / std::max<std::int64_t>(1, a.Parameters), n, s.SeSeed);
    ImGui::EndGroup();

    ImGui::SameLine(0.0f, font);
    ImGui::BeginGroup();
    const float right_w = std::max(font * 12.0f, ImGui::GetContentRegionAvail().x);
    const int digit = std::clamp(s.SeDigit, 0, n - 1);
    const int label = job.TestSet().Labels[static_cast<std::size_t>(digit)];
    DigitImage(job.TestSet(), digit, std::min(font * 0.55f, right_w / 30.0f) * 2.0f);
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text(Tr("Тестовая цифра №%d, метка %d"), digit, label);
    if (job.Done())
        ImGui::Text(Tr("ответ: без SE %d, с SE %d"), job.TestPredictions(false)[static_cast<std::size_t>(digit)],
                    job.TestPredictions(true)[static_cast<std::size_t>(digit)]);
    ImGui::EndGroup();
    // Excitation bars of this digit, the class mean as a tick.
    const int C = static_cast<int>(d.Excite.size());
    const auto& means = job.ClassMeanExcitation();
    const PlotFrame e = BeginPlot("##excite", ImVec2(right_w, font * 8.0f), PlotRange{-0.5, C - 0.5, 0.0, 1.05},
                                  Tr("Веса каналов e_c (SE) для этой цифры"), PlotFlags_IntegerX);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int c = 0; c < C; ++c) {
        const ImVec2 lo = e.ToScreen(c - 0.35, 0.0), hi = e.ToScreen(c + 0.35, d.Excite[static_cast<std::size_t>(c)]);
        dl->AddRectFilled(ImVec2(lo.x, hi.y), ImVec2(hi.x, lo.y), SeriesColor(1, 0.8f));
        if (job.Done()) {
            const ImVec2 m = e.ToScreen(c, means[static_cast<std::size_t>(label)][static_cast<std::size_t>(c)]);
            dl->AddLine(ImVec2(lo.x - 2, m.y), ImVec2(hi.x + 2, m.y), ImGui::GetColorU32(ImGuiCol_Text), 2.0f);
        }
    }
    EndPlot(e);
    ImGui::TextDisabled("%s", Tr("штрих — среднее e_c по цифрам этого класса"));
    if (e.Hovered) {
        const int c = std::clamp(static_cast<int>(e.MouseX + 0.5), 0, C - 1);
        ImGui::SetTooltip(Tr("канал %d: e = %.3f"), c, d.Excite[static_cast<std::size_t>(c)]);
    }
    if (job.Done()) {
        // Cells big enough for "0.73" where there is room, never taller than the space left.
        const float room_h = (ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing()) / 10.0f;
        const float cell = std::max(font * 1.2f, std::min({font * 2.3f, right_w / std::max(1, C), room_h}));
        GridSpec g{"##means",
                   Tr("Средние e_c по классам (строки — цифры 0…9)"),
                   10,
                   C,
                   cell,
                   1.0,
                   // two decimals: a 1e-5 weight reads as 0 and fits its cell
                   [&](int y, int x) {
                       return std::round(100.0 * means[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)]) / 100.0;
                   },
                   {},
                   {}};
        const CellGrid cg = DrawCellGrid(g);
        OutlineCells(cg, label, 0, 1, C, HighlightColor(0));
        if (cg.Hovered()) {
            ImGui::SetTooltip(Tr("цифра %d, канал %d: среднее e = %.3f (щелчок — следующая такая цифра)"), cg.HoverY, cg.HoverX,
                              means[static_cast<std::size_t>(cg.HoverY)][static_cast<std::size_t>(cg.HoverX)]);
            if (cg.Clicked)
                for (int k = 1; k <= n; ++k)
                    if (job.TestSet().Labels[static_cast<std::size_t>((digit + k) % n)] == cg.HoverY) {
                        s.SeDigit = (digit + k) % n;
                        break;
                    }
        }
    }
    ImGui::EndGroup();
}

} // namespace mlviz
