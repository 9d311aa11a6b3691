// A sliceable computation over image rows: a list of passes (each one runs over its rows in
// order, a pass starts when the previous one has finished), advanced by a budget of pixels per
// call so that the UI spends a bounded time per frame. Results do not depend on the budgets.
#pragma once
#include <functional>
#include <vector>

namespace mlviz {

// Budgets are in work units of about 1 ns natively (a pass declares its cost per row in them,
// e.g. width x taps for a filter); the default Step() is about half a millisecond.
inline constexpr long long kIpStepPixels = 1 << 19;

class RowPipeline {
public:
    using RowsFn = std::function<void(int y0, int y1)>; // process rows [y0, y1)

    // A pass over `rows` rows costing `pixels_per_row` budget units each; `begin` (optional)
    // runs once just before its first row (for work that needs the previous pass complete).
    void Add(int rows, long long pixels_per_row, RowsFn fn, std::function<void()> begin = {});

    // Runs whole rows until about `budget` units are spent (at least one row when not done).
    void Step(long long budget = kIpStepPixels);
    void RunToEnd();
    bool Done() const { return Pass_ >= Passes_.size(); }
    double Progress() const; // [0, 1], by budget units
    int CurrentPass() const { return static_cast<int>(Pass_); }

private:
    struct PassDef {
        int Rows = 0;
        long long Cost = 1;
        RowsFn Fn;
        std::function<void()> Begin;
    };
    std::vector<PassDef> Passes_;
    std::size_t Pass_ = 0;
    int Row_ = 0;
    bool Begun_ = false;
    long long DoneUnits_ = 0, TotalUnits_ = 0;
};

} // namespace mlviz
