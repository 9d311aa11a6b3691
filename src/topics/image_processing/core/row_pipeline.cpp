// RowPipeline (see row_pipeline.h).
#include "topics/image_processing/core/row_pipeline.h"

#include <algorithm>

namespace mlviz {

void RowPipeline::Add(int rows, long long pixels_per_row, RowsFn fn, std::function<void()> begin)
{
    PassDef p;
    p.Rows = std::max(0, rows);
    p.Cost = std::max(1LL, pixels_per_row);
    p.Fn = std::move(fn);
    p.Begin = std::move(begin);
    TotalUnits_ += p.Rows * p.Cost;
    Passes_.push_back(std::move(p));
}

void RowPipeline::Step(long long budget)
{
    long long spent = 0;
    bool ran_row = false;
    while (!Done() && (!ran_row || spent < budget)) {
        PassDef& p = Passes_[Pass_];
        if (!Begun_) {
            if (p.Begin) p.Begin();
            Begun_ = true;
        }
        if (Row_ >= p.Rows) {
            ++Pass_;
            Row_ = 0;
            Begun_ = false;
            continue;
        }
        const long long left = std::max(1LL, (budget - spent) / p.Cost);
        const int rows = static_cast<int>(std::min<long long>(p.Rows - Row_, left));
        p.Fn(Row_, Row_ + rows);
        Row_ += rows;
        spent += rows * p.Cost;
        DoneUnits_ += rows * p.Cost;
        ran_row = true;
    }
}

void RowPipeline::RunToEnd()
{
    while (!Done()) Step(1LL << 40);
}

double RowPipeline::Progress() const
{
    if (Done()) return 1.0;
    return TotalUnits_ > 0 ? static_cast<double>(DoneUnits_) / static_cast<double>(TotalUnits_) : 0.0;
}

} // namespace mlviz
