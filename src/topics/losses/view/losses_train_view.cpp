// Losses view, training tab (q28, q30, q46): two TrainJobs on the same toy image, seed and model, one loss each,
// trained a slice of epochs per frame; the epoch shown is a timeline (step, play, scrub back through kept weights).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "topics/losses/view/losses_view.h"
#include "ui/controls.h"
#include "ui/playback_bar.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

double MsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<std::uint8_t> MaskOf(std::span<const double> p)
{
    std::vector<std::uint8_t> m(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) m[i] = p[i] > 0.5 ? 1 : 0;
    return m;
}

} // namespace

const char* const kTrainLossLabels[] = {MLVIZ_TR_KEY("CE"), MLVIZ_TR_KEY("взвешенная CE"), MLVIZ_TR_KEY("фокальная"),
                                        MLVIZ_TR_KEY("Dice"), MLVIZ_TR_KEY("Dice + CE")};

void LossesTrainTab::Invalidate()
{
    Jobs = {};
    HeldOutValid = false;
    Shown = {};
    Clock = 0.0;
}

int LossesTrainTab::Trained() const
{
    if (!Jobs[0] || !Jobs[1]) return 0;
    return std::min(Jobs[0]->Epoch(), Jobs[1]->Epoch());
}

int LossesTrainTab::ShownEpoch(const LossesState& s) const
{
    const int t = Trained();
    return s.Epoch < 0 ? t : std::min(s.Epoch, t);
}

// Playback over the epochs trained so far; "the end" is -1: follow the training as it goes.
void LossesTrainTab::ApplyPlayback(LossesState& s, const PlaybackInput& in)
{
    const int count = Trained();
    const bool any = in.StepBack || in.StepForward || in.TogglePlay || in.ToStart || in.ToEnd || in.JumpTo >= 0;
    if (!any && !s.Playing) return;
    PlaybackState p{ShownEpoch(s), s.Playing, static_cast<float>(s.Speed), Clock};
    UpdatePlayback(p, count, in);
    s.Playing = p.Playing;
    Clock = p.Clock;
    s.Epoch = p.Step >= count ? -1 : p.Step;
}

void LossesTrainTab::Update(const ViewContext& ctx, LossesState& s, double budget_ms)
{
    const auto t0 = std::chrono::steady_clock::now();
    // A restart costs an image, its features and a forward pass: at most one job per frame.
    bool started = false;
    for (int side = 0; side < 2 && !started; ++side) {
        const TrainConfig c = TrainConfigFor(s, side);
        if (Jobs[static_cast<std::size_t>(side)] && c == JobFor[static_cast<std::size_t>(side)]) continue;
        JobFor[static_cast<std::size_t>(side)] = c;
        auto job = TrainJob::Start(c);
        Error = job ? Message{} : job.Error();
        if (job)
            Jobs[static_cast<std::size_t>(side)] = std::move(*job);
        else
            Jobs[static_cast<std::size_t>(side)].reset();
        Shown[static_cast<std::size_t>(side)] = {};
        started = true;
    }
    if (!started && Jobs[0] && Jobs[1]) {
        const ToyConfig h = HeldOutToyConfig(s);
        if (!HeldOutValid || !(h == HeldOutFor)) {
            auto img = MakeToyImage(h);
            HeldOutFor = h;
            HeldOutValid = img.Ok();
            if (img) {
                HeldOutImage = std::move(*img);
                HeldOutFeatures = ComputePixelFeatures(HeldOutImage);
            }
            Shown = {};
            started = true;
        }
    }
    ApplyPlayback(s, PlaybackInputFromKeys(ctx));
    // Both jobs advance in step: the one behind goes first, one epoch at a time, within the budget less what
    // the last refresh of the pictures took (it follows, so the pictures show this frame's epoch); at least one
    // epoch a frame, so a slow machine trains slowly rather than not at all.
    for (int ran = 0; !started && Jobs[0] && Jobs[1] && (ran < 1 || MsSince(t0) + RefreshMs < budget_ms); ++ran) {
        TrainJob* next = nullptr;
        for (auto& j : Jobs)
            if (!j->Done() && (!next || j->Epoch() < next->Epoch())) next = &*j;
        if (!next) break;
        next->Step(1);
    }
    const auto t1 = std::chrono::steady_clock::now();
    if (Refresh(s)) RefreshMs = MsSince(t1);
}

// The shown epoch's probabilities, masks and metrics, and the four pictures; only when something changed.
bool LossesTrainTab::Refresh(const LossesState& s)
{
    if (!Jobs[0] || !Jobs[1]) return false;
    const int epoch = ShownEpoch(s);
    bool changed = false;
    for (std::size_t side = 0; side < 2; ++side) {
        LossesShown& sh = Shown[side];
        const TrainJob& job = *Jobs[side];
        if (sh.Epoch == epoch && sh.HeldOut == s.HeldOut && sh.Version != 0) continue;
        const std::vector<double> train = epoch == job.Epoch() ? job.Probabilities() : job.PredictAt(job.Features(), epoch);
        const std::vector<double> held = HeldOutValid ? job.PredictAt(HeldOutFeatures, epoch) : train;
        const SegMetrics mt = ComputeSegMetrics(job.Image().Mask, MaskOf(train));
        const SegMetrics mh = ComputeSegMetrics(HeldOutValid ? HeldOutImage.Mask : job.Image().Mask, MaskOf(held));
        sh.Epoch = epoch;
        sh.HeldOut = s.HeldOut && HeldOutValid;
        sh.Probs = sh.HeldOut ? held : train;
        sh.Metrics = sh.HeldOut ? mh : mt;
        sh.OtherIoU = sh.HeldOut ? mt.IoU[1] : mh.IoU[1];
        sh.Version = NextVersion++;
        changed = true;
    }
    if (!changed) return false;
    // 0: the image, 1: the true mask, 2 and 3: A's and B's predictions over it.
    const ToyImage& img = Shown[0].HeldOut ? HeldOutImage : Jobs[0]->Image();
    const auto [lo_it, hi_it] = std::minmax_element(img.Pixels.begin(), img.Pixels.end());
    const float lo = *lo_it, span = std::max(*hi_it - lo, 1e-6f);
    for (std::size_t k = 0; k < 4; ++k) {
        Image& out = Pictures_[k];
        out.Width = out.Height = img.Size;
        out.Pixels.assign(static_cast<std::size_t>(img.Size) * img.Size * 4, 255);
        for (std::size_t i = 0; i < img.Mask.size(); ++i) {
            const auto grey = static_cast<std::uint8_t>(255.0f * (img.Pixels[i] - lo) / span);
            const bool truth = img.Mask[i] != 0;
            std::uint8_t rgb[3] = {grey, grey, grey};
            const auto dim = static_cast<std::uint8_t>(grey * 0.35f);
            if (k == 1) {
                rgb[0] = truth ? 255 : dim, rgb[1] = truth ? 200 : dim, rgb[2] = truth ? 40 : dim;
            } else if (k >= 2) {
                const bool pred = Shown[k - 2].Probs[i] > 0.5;
                if (truth && pred)
                    rgb[0] = 255, rgb[1] = 200, rgb[2] = 40; // true positive
                else if (pred)
                    rgb[0] = 230, rgb[1] = 60, rgb[2] = 60; // false positive
                else if (truth)
                    rgb[0] = 60, rgb[1] = 150, rgb[2] = 255; // false negative
                else
                    rgb[0] = rgb[1] = rgb[2] = dim;
            }
            std::copy(rgb, rgb + 3, &out.Pixels[i * 4]);
        }
        PictureVersion[k] = NextVersion++;
    }
    return true;
}

void LossesTrainTab::Controls(LossesState& s)
{
    const auto& t = LossesStateSchema();
    const char* losses[static_cast<int>(TrainLoss::Count)];
    for (int i = 0; i < static_cast<int>(TrainLoss::Count); ++i) losses[i] = Tr(kTrainLossLabels[i]);
    FieldCombo(t, "loss_a", s, losses);
    FieldCombo(t, "loss_b", s, losses);
    const auto uses = [&](TrainLoss l) { return s.LossA == static_cast<int>(l) || s.LossB == static_cast<int>(l); };
    if (uses(TrainLoss::WeightedCrossEntropy)) FieldSlider(t, "w", s);
    if (uses(TrainLoss::Focal)) {
        FieldSlider(t, "alpha", s);
        FieldSlider(t, "gamma", s);
    }
    if (uses(TrainLoss::Dice) || uses(TrainLoss::DiceCrossEntropy)) FieldSlider(t, "eps", s);
    ImGui::SeparatorText(Tr("Данные"));
    for (const char* key : {"frac", "width", "noise", "clutter"}) FieldSlider(t, key, s);
    FieldInputInt(t, "seed", s);
    FieldCheckbox(t, "heldout", s);
    ImGui::SeparatorText(Tr("Модель и обучение"));
    for (const char* key : {"hidden", "lr", "epochs"}) FieldSlider(t, key, s);
    if (ImGui::Button(Tr("Обучить заново"))) {
        Jobs = {};
        s.Epoch = -1;
        s.Playing = false;
    }
}

void LossesTrainTab::DrawPlayback(LossesState& s)
{
    const int count = Trained();
    const PlaybackState shown{ShownEpoch(s), s.Playing, static_cast<float>(s.Speed), Clock};
    PlaybackInput in;
    DrawPlaybackButtons(shown, in);
    DrawPlaybackScrub(shown, count, Tr("эпоха %d"), in);
    FieldSlider(LossesStateSchema(), "speed", s, "", Tr("скорость %.0f эпох/с"));
    ApplyPlayback(s, in);
}

void LossesTrainTab::Pictures(const ViewContext& ctx, LossesState& s)
{
    if (!Error.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(Error).c_str());
        return;
    }
    if (!Jobs[0] || !Jobs[1] || Shown[0].Version == 0 || Shown[1].Version == 0) {
        ImGui::TextUnformatted(Tr("Готовлю изображение и модель…"));
        return;
    }
    if (ctx.ShowControls) DrawPlayback(s);
    const int trained = Trained(), total = s.Epochs;
    if (trained < total) {
        char overlay[96];
        std::snprintf(overlay, sizeof overlay, Tr("обучение: эпоха %d из %d"), trained, total);
        ImGui::ProgressBar(static_cast<float>(trained) / total, ImVec2(-1.0f, 0.0f), overlay);
    }
    DrawMasks(ctx, s);
    DrawMetrics(s);
    DrawHistories(s);
}

} // namespace mlviz
