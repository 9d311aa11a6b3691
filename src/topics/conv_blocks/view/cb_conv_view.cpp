// CNN building blocks view, q41: forward and backward of one 2-D convolution, cell by cell. The
// example problem is rebuilt only when its config changes; the finite-difference check runs as a
// job over frames; the nn core's Conv2d (im2col) is run on the same problem as a second check.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/nn/conv.h"
#include "topics/conv_blocks/core/conv2d_example.h"
#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

struct ConvPanel::Impl {
    Conv2dExampleConfig BuiltFor;
    bool Built = false;
    ConvModel Model;
    std::optional<Conv2dGradCheck> Check;
};

ConvPanel::ConvPanel() : P(std::make_unique<Impl>()) {}
ConvPanel::~ConvPanel() = default;

namespace {

int st(const Conv2dGeometry& g)
{
    return g.Spec.Stride;
}

double MaxDiff(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size()) return INFINITY;
    double m = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

// The same problem through the nn core (batch of one): max |difference| over Y and the gradients.
double NnCoreDifference(const ConvModel& m)
{
    const Conv2dGeometry& g = m.Geo;
    nn::Conv2dConfig c;
    c.InChannels = g.C;
    c.OutChannels = g.O;
    c.Kernel = {g.KH, g.KW};
    c.Stride = {g.Spec.Stride, g.Spec.Stride};
    c.Padding = {g.Spec.Padding, g.Spec.Padding};
    c.Dilation = {g.Spec.Dilation, g.Spec.Dilation};
    c.Groups = g.Spec.Groups;
    c.Bias = !m.Problem.Bias.empty();
    auto layer = nn::MakeConv2d<double>(c);
    if (!layer) return -1.0;
    auto& conv = static_cast<nn::Conv2d<double>&>(**layer);
    conv.Weight().Value.Data = m.Problem.Weight.Values;
    if (c.Bias) conv.Bias().Value.Data = m.Problem.Bias;
    const nn::Tensor<double> x({1, g.C, g.H, g.W}, m.Problem.Input.Values);
    if (!conv.OutputShape(x.Dims, nn::Mode::Eval)) return -1.0;
    const nn::Tensor<double> y = conv.Forward(x, nn::Mode::Eval);
    const nn::Tensor<double> dx = conv.Backward(nn::Tensor<double>({1, g.O, g.OutH, g.OutW}, m.Problem.GradOutput.Values), true);
    double d = std::max({MaxDiff(y.Data, m.Y.Values), MaxDiff(dx.Data, m.Book.GradInput.Values),
                         MaxDiff(conv.Weight().Grad.Data, m.Book.GradWeight.Values)});
    if (c.Bias) d = std::max(d, MaxDiff(conv.Bias().Grad.Data, m.Book.GradBias));
    return d;
}

// "2·(−1) + 0·3 + … = 5" for up to `limit` terms.
std::string Products(const std::vector<Conv2dTerm>& terms, int o_filter, int c_filter, double& sum, int limit = 24)
{
    std::string s;
    int n = 0;
    sum = 0.0;
    for (const Conv2dTerm& t : terms) {
        if ((o_filter >= 0 && t.O != o_filter) || (c_filter >= 0 && t.C != c_filter)) continue;
        sum += t.A * t.B;
        if (n < limit) {
            const std::string b = t.B < 0 ? "(" + Num(t.B) + ")" : Num(t.B);
            s += (n ? " + " : "") + (t.A < 0 ? "(" + Num(t.A) + ")" : Num(t.A)) + "·" + b;
        } else if (n == limit) {
            s += " + …";
        }
        ++n;
    }
    return n ? s : "0";
}

std::string Formula(const ConvModel& m, const ConvBlocksState& s, int cell)
{
    const Conv2dGeometry& g = m.Geo;
    const ConvFocus f = FocusOf(m, s);
    int rows = 0, cols = 0;
    ResultGridSize(m, s, rows, cols);
    const int y = cell / cols, x = cell % cols;
    char head[256];
    std::string out;
    double sum = 0.0;
    switch (static_cast<ConvPass>(s.Pass)) {
    case ConvPass::Forward: {
        const auto terms = OutputTerms(m.Problem, g, f.O, y, x);
        const double b = m.Problem.Bias.empty() ? 0.0 : m.Problem.Bias[f.O];
        std::snprintf(head, sizeof head, "Y[%d; %d, %d] = b + Σ Xp[c, %d·%d + u·%d, %d·%d + v·%d]·W[%d, c', u, v]\n= %s", f.O, y,
                      x, y, st(g), g.Spec.Dilation, x, st(g), g.Spec.Dilation, f.O, Num(b).c_str());
        out = head;
        for (int c = g.GroupOfOutput(f.O) * g.CPerGroup; c < (g.GroupOfOutput(f.O) + 1) * g.CPerGroup; ++c) {
            const std::string prod = Products(terms, -1, c, sum, c == f.C ? 49 : 0);
            out += " + [c=" + std::to_string(c) + ": " + (c == f.C ? prod + " = " : std::string("… = ")) + Num(sum) + "]";
        }
        out += " = " + Num(m.Y(f.O, y, x));
        break;
    }
    case ConvPass::GradInput: {
        const auto terms = GradInputTerms(m.Problem, g, f.C, y, x);
        std::snprintf(head, sizeof head,
                      "∂L/∂X[%d; %d, %d] = Σ ∂L/∂Y[o; i, j]·W[o, %d, u, v]  (i·%d + u·%d − %d = %d,  j·%d + v·%d − %d = %d)\n=",
                      f.C, y, x, f.Cg, st(g), g.Spec.Dilation, g.Spec.Padding, y, st(g), g.Spec.Dilation, g.Spec.Padding, x);
        out = head;
        if (terms.empty()) out += Tr(" 0: ни одно окно не читает эту клетку");
        for (int o = g.GroupOfInput(f.C) * g.OPerGroup; o < (g.GroupOfInput(f.C) + 1) * g.OPerGroup && !terms.empty(); ++o) {
            const std::string prod = Products(terms, o, -1, sum, o == f.O ? 49 : 0);
            out += std::string(o == g.GroupOfInput(f.C) * g.OPerGroup ? " " : " + ") + "[o=" + std::to_string(o) + ": " +
                (o == f.O ? prod + " = " : std::string("… = ")) + Num(sum) + "]";
        }
        out += " = " + Num(m.Book.GradInput(f.C, y, x));
        break;
    }
    case ConvPass::GradWeight: {
        const auto terms = GradWeightTerms(m.Problem, g, f.O, f.Cg, y, x);
        std::snprintf(head, sizeof head,
                      "∂L/∂W[%d, %d; %d, %d] = Σ_i,j Xp[%d, i·%d + %d·%d, j·%d + %d·%d]·∂L/∂Y[%d; i, j]\n= ", f.O, f.Cg, y, x,
                      f.C, st(g), y, g.Spec.Dilation, st(g), x, g.Spec.Dilation, f.O);
        out = head + Products(terms, -1, -1, sum, 36) + " = " + Num(m.Book.GradWeight(f.O, f.Cg, y, x));
        break;
    }
    default: break;
    }
    return out;
}

} // namespace

void ConvPanel::Update(const ConvBlocksState& s)
{
    Impl& d = *P;
    if (!d.Built || !(s.Conv == d.BuiltFor)) {
        d.Built = true;
        d.BuiltFor = s.Conv;
        d.Check.reset();
        ConvModel& m = d.Model;
        m = ConvModel{};
        auto problem = MakeConv2dExample(s.Conv);
        auto geo = problem ? CheckConv2dProblem(*problem, true) : Result<Conv2dGeometry>::Fail(problem.Error());
        auto book = geo ? Conv2dBackwardTextbook(*problem) : Result<Conv2dTextbook>::Fail(geo.Error());
        if (!book) {
            m.Error = Tr(book.Error());
        } else {
            m.Problem = std::move(*problem);
            m.Geo = *geo;
            m.Book = std::move(*book);
            Conv2dForwardInto(m.Problem, m.Geo, m.Y);
            m.NnMaxDiff = NnCoreDifference(m);
            m.Ok = true;
        }
    }
    if (!s.Check)
        d.Check.reset();
    else if (!d.Check && d.Model.Ok) {
        auto job = Conv2dGradCheck::Start(d.Model.Problem);
        if (job) d.Check.emplace(std::move(*job));
    }
}

void ConvPanel::Advance()
{
    if (!P->Check || P->Check->Done()) return;
    const auto start = std::chrono::steady_clock::now();
    while (!P->Check->Done() && std::chrono::steady_clock::now() - start < std::chrono::microseconds(1200)) P->Check->Step(20000);
}

int ConvPanel::TimelineCount(const ConvBlocksState& s) const
{
    if (!P->Model.Ok) return 0;
    int rows = 0, cols = 0;
    ResultGridSize(P->Model, s, rows, cols);
    return rows * cols;
}

void ConvPanel::DrawControls(ConvBlocksState& s)
{
    const auto& t = ConvBlocksStateSchema();
    const char* const passes[] = {Tr("Прямой проход Y"), Tr("∂L/∂X: полная свёртка"), Tr("∂L/∂W: корреляция")};
    FieldCombo(t, "pass", s, passes);
    for (const char* key : {"c", "o", "h", "w", "k", "stride", "pad", "dil", "groups"}) FieldSlider(t, key, s);
    if (s.Conv.Channels > 1) FieldSlider(t, "ic", s);
    if (s.Conv.OutChannels > 1) FieldSlider(t, "oc", s);
    FieldCheckbox(t, "bias", s);
    FieldSlider(t, "range", s);
    FieldInputInt(t, "seed", s);
}

void ConvPanel::Draw(const ViewContext& ctx, ConvBlocksState& s)
{
    Impl& d = *P;
    const ConvModel& m = d.Model;
    if (!m.Ok) {
        ErrorText(m.Error);
        return;
    }
    const Conv2dGeometry& g = m.Geo;
    ImGui::TextWrapped(Tr("X: %d×%d×%d, W: %d×%d×%d×%d, s = %d, p = %d, d = %d, g = %d → Y: %d×%d×%d;  H' = floor((%d + 2·%d − "
                          "%d·(%d − 1) − 1)/%d) + 1 = %d"),
                       g.C, g.H, g.W, g.O, g.CPerGroup, g.KH, g.KW, g.Spec.Stride, g.Spec.Padding, g.Spec.Dilation, g.Spec.Groups,
                       g.O, g.OutH, g.OutW, g.H, g.Spec.Padding, g.Spec.Dilation, g.KH, g.Spec.Stride, g.OutH);
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const int active =
        DrawConvGrids(d.Model, s, std::max(ImGui::GetFontSize() * 8.0f, avail_h * (ctx.ShowControls ? 0.55f : 0.6f)));
    ImGui::PushTextWrapPos(0.0f);
    if (active >= 0) {
        ImGui::TextUnformatted(Formula(m, s, active).c_str());
    } else {
        static const char* const hints[] = {
            MLVIZ_TR_KEY("Наведите на клетку Y: подсветится окно входа, которое она читает. Y[o,i,j] = b[o] + Σ_c',u,v Xp[c, i·s "
                         "+ u·d, j·s + v·d]·W[o,c',u,v]."),
            MLVIZ_TR_KEY("∂L/∂X — полная свёртка: между элементами ∂L/∂Y вставлено s − 1 нулей, добавлена рамка d·(k − 1), ядро "
                         "повёрнуто на 180°; рамка p затем обрезается. Наведите на клетку ∂L/∂X."),
            MLVIZ_TR_KEY("∂L/∂W — корреляция входа Xp с ∂L/∂Y (с s − 1 нулями между элементами), окно сдвигается на d. Наведите "
                         "на клетку ∂L/∂W.")};
        ImGui::TextDisabled("%s", Tr(hints[std::clamp(s.Pass, 0, 2)]));
    }
    if (static_cast<ConvPass>(s.Pass) == ConvPass::GradWeight && !m.Book.GradBias.empty()) {
        const ConvFocus f = FocusOf(m, s);
        ImGui::Text(Tr("∂L/∂b[%d] = Σ ∂L/∂Y[%d] = %s"), f.O, f.O, Num(m.Book.GradBias[f.O]).c_str());
    }
    ImGui::Spacing();
    if (m.NnMaxDiff >= 0.0)
        ImGui::TextDisabled(Tr("Ядро nn (im2col, как в torch): max |Δ| с этим построением = %s"), Num(m.NnMaxDiff).c_str());
    if (!d.Check) {
        if (ctx.ShowControls && ImGui::Button(Tr("Проверить конечными разностями"))) s.Check = true;
    } else {
        const Conv2dCheckReport& r = d.Check->Report();
        if (!d.Check->Done()) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%d / %d", r.CellsDone, r.CellsTotal);
            ImGui::ProgressBar(static_cast<float>(d.Check->Progress()), ImVec2(-1.0f, 0.0f), buf);
        } else {
            ImGui::Text(Tr("Конечные разности (L(v+h) − L(v−h))/2h, %d значений: max |численный − аналитический|: ∂L/∂X %s, "
                           "∂L/∂W %s, ∂L/∂b %s (градиенты до %s)"),
                        r.CellsTotal, Num(r.MaxErrorInput).c_str(), Num(r.MaxErrorWeight).c_str(), Num(r.MaxErrorBias).c_str(),
                        Num(r.MaxAbsGradient).c_str());
        }
        if (ctx.ShowControls && ImGui::SmallButton(Tr("Скрыть проверку"))) s.Check = false;
    }
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
