// Receptive field: the effective receptive field (Luo et al. 2016) of the selected unit as a
// heatmap over its theoretical field, its profile, and over a sample image; computed a few
// rows per frame with a progress bar.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/assets.h"
#include "core/colormap.h"
#include "topics/receptive_field/view/rf_view.h"
#include "ui/heatmap_renderer.h"
#include "ui/image_textures.h"
#include "ui/plot.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

constexpr double kFrameBudgetMs = 1.5; // ERF work per frame
constexpr std::int64_t kChunk = 20000; // multiply-adds between clock checks

// Centre crop to the target aspect, then an area average: the sample is larger than any
// input the view allows, so every output pixel averages at least one source pixel.
Image CropResize(const Image& src, int w, int h)
{
    Image out;
    out.Width = w;
    out.Height = h;
    out.Pixels.assign(static_cast<std::size_t>(w) * h * 4, 0);
    double cw = src.Width, ch = src.Width * static_cast<double>(h) / w;
    if (ch > src.Height) {
        ch = src.Height;
        cw = src.Height * static_cast<double>(w) / h;
    }
    const double ox = 0.5 * (src.Width - cw), oy = 0.5 * (src.Height - ch);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int sx0 = static_cast<int>(ox + cw * x / w), sx1 = std::max(sx0 + 1, static_cast<int>(ox + cw * (x + 1) / w));
            const int sy0 = static_cast<int>(oy + ch * y / h), sy1 = std::max(sy0 + 1, static_cast<int>(oy + ch * (y + 1) / h));
            double acc[3] = {0, 0, 0};
            int n = 0;
            for (int sy = sy0; sy < std::min(sy1, src.Height); ++sy)
                for (int sx = sx0; sx < std::min(sx1, src.Width); ++sx, ++n)
                    for (int c = 0; c < 3; ++c) acc[c] += src.At(sx, sy)[c];
            std::uint8_t* p = out.At(x, y);
            for (int c = 0; c < 3; ++c) p[c] = static_cast<std::uint8_t>(n ? acc[c] / n + 0.5 : 0);
            p[3] = 255;
        }
    return out;
}

// 0 .. peak, linear or logarithmic (resolving three decades below the peak).
ColorMapping Mapping(const ValueRange& range, bool log_scale)
{
    ColorMapping m;
    m.Min = 0.0;
    m.Max = range.Valid && range.Max > 0.0 ? range.Max : 1.0;
    m.Scale = log_scale ? ColorScale::Log : ColorScale::Linear;
    m.LogFloor = 1e-3;
    return m;
}

} // namespace

void RfErfPanel::DrawControls(ReceptiveFieldState& s)
{
    ImGui::SeparatorText(Tr("Эффективное поле"));
    RfLabel(Tr("Веса"));
    const char* weights[] = {Tr("единичные (пути)"), Tr("случайные")};
    ImGui::Combo("##weights", &s.ErfWeights, weights, 2);
    s.ErfWeights = std::clamp(s.ErfWeights, 0, 1);
    ImGui::Checkbox(Tr("Лог. шкала цвета"), &s.ErfLog);
    if (s.ErfWeights == static_cast<int>(ErfWeights::Random)) {
        ImGui::Checkbox(Tr("ReLU после свёрток"), &s.ErfRelu);
        RfLabel(Tr("Усреднить по K сидам"));
        ImGui::SliderInt("##seeds", &s.ErfSeeds, 1, kErfMaxSeeds);
        RfLabel(Tr("Каналов в копии сети"));
        ImGui::SliderInt("##erf_channels", &s.ErfChannels, 1, kErfMaxChannels);
        RfLabel("Seed");
        ImGui::InputInt("##erf_seed", &s.ErfSeed);
        s.ErfSeeds = std::clamp(s.ErfSeeds, 1, kErfMaxSeeds);
        s.ErfChannels = std::clamp(s.ErfChannels, 1, kErfMaxChannels);
        s.ErfSeed = std::clamp(s.ErfSeed, 0, 1 << 30);
        ImGui::TextDisabled("%s",
                            Tr("Копия сети с C каналами, веса N(0, 1/fan_in), случайный вход; |∂y/∂x| по каналам, нормировано на "
                               "1 для каждого сида и усреднено."));
    } else {
        ImGui::TextDisabled("%s", Tr("Все веса 1, без нелинейности: значение — число путей от пикселя к нейрону."));
    }
}

void RfErfPanel::Restart(const ReceptiveFieldState& s, const RfModel& m, RfUnit unit)
{
    JobModel = m.Version;
    JobUnit = unit;
    JobWeights = s.ErfWeights;
    JobRelu = s.ErfRelu;
    JobSeeds = s.ErfSeeds;
    JobChannels = s.ErfChannels;
    JobSeed = s.ErfSeed;
    ErfConfig c;
    c.Weights = static_cast<ErfWeights>(s.ErfWeights);
    c.Relu = s.ErfRelu && c.Weights == ErfWeights::Random;
    c.Seeds = s.ErfSeeds;
    c.Channels = s.ErfChannels;
    c.Seed = static_cast<std::uint32_t>(s.ErfSeed);
    c.Map = unit.Map;
    c.UnitY = unit.Y;
    c.UnitX = unit.X;
    auto job = ErfJob::Create(m.Stack, c);
    JobError = job ? std::string() : Tr(job.Error());
    Job = job ? std::move(job.Value()) : ErfJob();
    SeedsShown = -1;
    DoneShown = false;
    Grid = ScalarGrid{};
}

void RfErfPanel::Advance()
{
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    while (!Job.Done()) {
        Job.Step(kChunk);
        if (std::chrono::duration<double, std::milli>(Clock::now() - t0).count() > kFrameBudgetMs) break;
    }
}

void RfErfPanel::BuildGrid()
{
    const ErfResult& r = Job.Output();
    const RfBox b = Clip(r.Field, r.InputSize);
    Grid = ScalarGrid{};
    // Values appear with the first finished seed.
    if (b.Empty() || r.Values.size() != static_cast<std::size_t>(r.InputSize[0]) * r.InputSize[1]) return;
    Grid.Width = static_cast<int>(b.Width());
    Grid.Height = static_cast<int>(b.Height());
    Grid.Area = Bounds2{b.X0 - 0.5, b.X1 + 0.5, -(b.Y1 + 0.5), -(b.Y0 - 0.5)}; // world y = -row
    Grid.Values.resize(static_cast<std::size_t>(Grid.Width) * Grid.Height);
    ProfileX.assign(static_cast<std::size_t>(Grid.Width), 0.0);
    ProfileY.assign(static_cast<std::size_t>(Grid.Width), 0.0);
    for (int j = 0; j < Grid.Height; ++j)
        for (int i = 0; i < Grid.Width; ++i) {
            const double v = r.Values[static_cast<std::size_t>((b.Y1 - j) * r.InputSize[1] + b.X0 + i)];
            Grid.Values[static_cast<std::size_t>(j) * Grid.Width + i] = static_cast<float>(v);
            ProfileY[static_cast<std::size_t>(i)] += v; // marginal over rows: the mass in each column
        }
    for (int i = 0; i < Grid.Width; ++i) ProfileX[static_cast<std::size_t>(i)] = static_cast<double>(b.X0 + i);
    GridRange = FiniteRange(Grid.Values);
    ++GridVersion;
}

void RfErfPanel::UpdateSampleImage(RfPair size)
{
    if (!Sample) Sample = DecodeImage(FindAsset(BinaryAssets(), "assets/images/street_scene.png"));
    if (!Sample->Ok() || size == ResizedFor) return;
    Resized = CropResize(Sample->Value(), size[1], size[0]);
    ResizedFor = size;
    ++ResizedVersion;
}

void RfErfPanel::DrawHeatmap(ViewContext& ctx, float width, bool log_scale)
{
    const ErfResult& r = Job.Output();
    const RfBox clip = Clip(r.Field, r.InputSize);
    if (Grid.Values.empty() || clip.Empty()) return; // Grid exists only with r.Values
    if (HeatSlot < 0) HeatSlot = ctx.Heatmaps->CreateSlot();
    // The whole theoretical field at one scale; the part in the padding is hatched grey.
    const double fw = static_cast<double>(r.Field.Width()), fh = static_cast<double>(r.Field.Height());
    const float scale = static_cast<float>(std::min(width / fw, std::min(width * 0.9, ImGui::GetFontSize() * 22.0) / fh));
    const ImVec2 size(static_cast<float>(fw) * scale, static_cast<float>(fh) * scale);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("erf_heat", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(128, 128, 128, 60));
    for (float d = -size.y; d < size.x; d += 8.0f) // hatching of the padding part
        dl->AddLine(ImVec2(p0.x + std::max(d, 0.0f), p0.y + std::max(-d, 0.0f)),
                    ImVec2(p0.x + std::min(d + size.y, size.x), p0.y + std::min(size.x - d, size.y)),
                    IM_COL32(128, 128, 128, 70));
    HeatmapStyle style;
    style.Map = Colormap::Viridis;
    style.Mapping = Mapping(GridRange, log_scale);
    const ImVec2 a(p0.x + static_cast<float>(clip.X0 - r.Field.X0) * scale,
                   p0.y + static_cast<float>(clip.Y0 - r.Field.Y0) * scale);
    const ImVec2 b(a.x + static_cast<float>(clip.Width()) * scale, a.y + static_cast<float>(clip.Height()) * scale);
    const int px = std::max(1, static_cast<int>((b.x - a.x) * ctx.PixelScale)),
              py = std::max(1, static_cast<int>((b.y - a.y) * ctx.PixelScale));
    dl->AddImage(ctx.Heatmaps->Render(HeatSlot, Grid, GridVersion, style, px, py), a, b);
    dl->AddRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), AccentColor(), 0.0f, 0, 1.5f);
    if (ImGui::IsItemHovered()) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const std::int64_t y = r.Field.Y0 + static_cast<std::int64_t>((mp.y - p0.y) / scale);
        const std::int64_t x = r.Field.X0 + static_cast<std::int64_t>((mp.x - p0.x) / scale);
        if (y >= 0 && y < r.InputSize[0] && x >= 0 && x < r.InputSize[1])
            ImGui::SetTooltip(Tr("пиксель (%lld, %lld)\nдоля массы %.3f ‰"), static_cast<long long>(y), static_cast<long long>(x),
                              1000.0 * r.Values[static_cast<std::size_t>(y * r.InputSize[1] + x)]);
        else
            ImGui::SetTooltip("%s", Tr("паддинг: нули, градиента нет"));
    }
}

void RfErfPanel::DrawProfile(float width)
{
    const ErfResult& r = Job.Output();
    const RfBox clip = Clip(r.Field, r.InputSize);
    if (clip.Empty() || Grid.Values.empty()) return;
    const double peak = ProfileY.empty() ? 0.0 : *std::max_element(ProfileY.begin(), ProfileY.end());
    const PlotRange range{r.Field.X0 - 1.0, r.Field.X1 + 1.0, 0.0, peak > 0.0 ? peak * 1.1 : 1.0};
    const PlotFrame f =
        BeginPlot("##erf_profile", ImVec2(width, ImGui::GetFontSize() * 9.0f), range, Tr("Профиль по x (сумма по строкам)"));
    PlotLine(f, ProfileX, ProfileY, SeriesColor(0), 2.0f);
    PlotVerticalLine(f, static_cast<double>(r.Field.X0), AccentColor(0.8f));
    PlotVerticalLine(f, static_cast<double>(r.Field.X1), AccentColor(0.8f));
    if (r.Sigma[1] > 0.0) {
        PlotVerticalLine(f, r.Mean[1] - 2.0 * r.Sigma[1], ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.8f));
        PlotVerticalLine(f, r.Mean[1] + 2.0 * r.Sigma[1], ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.8f));
    }
    EndPlot(f);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr("рамка — теоретическое поле, серые линии — среднее ± 2σ"));
    ImGui::PopTextWrapPos();
}

void RfErfPanel::DrawOnImage(ViewContext& ctx, float width, bool log_scale)
{
    const ErfResult& r = Job.Output();
    UpdateSampleImage(r.InputSize);
    if (!Sample || !Sample->Ok()) {
        ImGui::TextDisabled(Tr("Пример изображения недоступен: %s"), Sample ? Tr(Sample->Error()).c_str() : "");
        return;
    }
    if (ImageSlot < 0) ImageSlot = ctx.Images->CreateSlot();
    if (OverlaySlot < 0) OverlaySlot = ctx.Images->CreateSlot();
    const float scale =
        std::min(width / static_cast<float>(r.InputSize[1]), ImGui::GetFontSize() * 20.0f / static_cast<float>(r.InputSize[0]));
    const ImVec2 size(static_cast<float>(r.InputSize[1]) * scale, static_cast<float>(r.InputSize[0]) * scale);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Image(ctx.Images->Upload(ImageSlot, Resized, ResizedVersion, true), size);
    const RfBox clip = Clip(r.Field, r.InputSize);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!Grid.Values.empty() && !clip.Empty()) {
        // Colour and opacity both follow the ERF, so that the picture shows through where the
        // unit does not look (the heatmap pass would cover the whole field evenly).
        if (OverlayFor != GridVersion || OverlayLog != log_scale) {
            const ColorMapping mapping = Mapping(GridRange, log_scale);
            Overlay.Width = Grid.Width;
            Overlay.Height = Grid.Height;
            Overlay.Pixels.assign(static_cast<std::size_t>(Grid.Width) * Grid.Height * 4, 0);
            for (int y = 0; y < Grid.Height; ++y)
                for (int x = 0; x < Grid.Width; ++x) {
                    const double t =
                        std::clamp(mapping.Normalize(Grid.At(x, Grid.Height - 1 - y)), 0.0, 1.0); // grid row 0 is the bottom
                    const Rgb8 c = SampleColormap(Colormap::Viridis, t);
                    std::uint8_t* px = Overlay.At(x, y);
                    px[0] = c.R;
                    px[1] = c.G;
                    px[2] = c.B;
                    px[3] = static_cast<std::uint8_t>(235.0 * std::sqrt(t));
                }
            OverlayFor = GridVersion;
            OverlayLog = log_scale;
            ++OverlayVersion;
        }
        const ImVec2 a(p0.x + static_cast<float>(clip.X0) * scale, p0.y + static_cast<float>(clip.Y0) * scale);
        const ImVec2 b(p0.x + static_cast<float>(clip.X1 + 1) * scale, p0.y + static_cast<float>(clip.Y1 + 1) * scale);
        dl->AddImage(ctx.Images->Upload(OverlaySlot, Overlay, OverlayVersion, true), a, b);
    }
    dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
    dl->AddRect(ImVec2(p0.x + static_cast<float>(r.Field.X0) * scale, p0.y + static_cast<float>(r.Field.Y0) * scale),
                ImVec2(p0.x + static_cast<float>(r.Field.X1 + 1) * scale, p0.y + static_cast<float>(r.Field.Y1 + 1) * scale),
                AccentColor(), 0.0f, 0, 2.0f);
    dl->PopClipRect();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(Tr("Вход %d×%d (кадр из assets/images), рамка — теоретическое поле"), r.InputSize[1], r.InputSize[0]);
    ImGui::PopTextWrapPos();
}

void RfErfPanel::Draw(ViewContext& ctx, ReceptiveFieldState& s, const RfModel& m)
{
    RfUnit unit = SelectedUnit(s, m);
    if (unit.Map == 0)
        unit = RfUnit{m.MapCount() - 1, (MapSize(*m.Analysis, m.MapCount() - 1)[0] - 1) / 2,
                      (MapSize(*m.Analysis, m.MapCount() - 1)[1] - 1) / 2};
    if (JobModel != m.Version || !(JobUnit == unit) || JobWeights != s.ErfWeights || JobRelu != s.ErfRelu ||
        JobSeeds != s.ErfSeeds || JobChannels != s.ErfChannels || JobSeed != s.ErfSeed)
        Restart(s, m, unit);
    ImGui::PushTextWrapPos(0.0f);
    if (!JobError.empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", JobError.c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    // A finished seed is turned into pictures in a frame of its own, not on top of a frame's
    // worth of ERF work.
    const ErfResult& r = Job.Output();
    int seeds_done = r.SeedsUsed + r.SeedsVanished;
    if (seeds_done != SeedsShown || Job.Done() != DoneShown) {
        BuildGrid();
        SeedsShown = seeds_done;
        DoneShown = Job.Done();
    } else {
        Advance();
        seeds_done = r.SeedsUsed + r.SeedsVanished;
    }
    ImGui::Text(Tr("Нейрон (%d, %d) слоя %d: r = %s"), unit.Y, unit.X, unit.Map,
                PairText(r.Field.Height(), r.Field.Width()).c_str());
    if (!Job.Done()) {
        char overlay[64];
        std::snprintf(overlay, sizeof overlay, Tr("%.0f %% · сид %d из %d"), 100.0 * Job.Progress(),
                      std::min(seeds_done + 1, s.ErfSeeds),
                      s.ErfWeights == static_cast<int>(ErfWeights::Random) ? s.ErfSeeds : 1);
        ImGui::ProgressBar(static_cast<float>(Job.Progress()), ImVec2(-1.0f, 0.0f), overlay);
    } else if (r.SeedsUsed == 0) {
        ImGui::TextColored(ImVec4(1.0f, 0.7f, 0.3f, 1.0f), "%s",
                           Tr("Градиент обнулился во всех сидах (ReLU погасили путь): увеличьте число каналов или сидов."));
    } else {
        ImGui::Text(Tr("95 %% массы: %lld из %lld ячеек поля (%.1f %%)"), static_cast<long long>(r.Mass95.Cells),
                    static_cast<long long>(r.Mass95.BoxCells), 100.0 * r.Mass95.Share);
        ImGui::TextDisabled(Tr("σ = %.1f × %.1f пикс.%s"), r.Sigma[0], r.Sigma[1],
                            r.SeedsVanished > 0
                                ? (", " + std::string(Tr("обнулилось сидов:")) + " " + std::to_string(r.SeedsVanished)).c_str()
                                : "");
    }
    ImGui::PopTextWrapPos();
    ImGui::BeginChild("erf_pictures", ImVec2(0.0f, 0.0f), false);
    const float width = std::max(ImGui::GetContentRegionAvail().x - 4.0f, 80.0f);
    if (seeds_done > 0 || Job.Done()) {
        DrawHeatmap(ctx, width, s.ErfLog);
        DrawProfile(width);
        ImGui::Spacing();
        DrawOnImage(ctx, width, s.ErfLog);
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s",
                        Tr("Luo et al. 2016: вклад пикселей спадает от центра почти по Гауссу, ширина растёт как √n при линейном "
                           "росте r — эффективное поле занимает малую часть теоретического."));
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

} // namespace mlviz
