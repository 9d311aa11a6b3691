// Linear assignment (the Hungarian step of SORT) and a greedy alternative.
//
// LinearSumAssignment reproduces scipy.optimize.linear_sum_assignment (SciPy 1.10,
// rectangular_lsap.cpp: the shortest augmenting path method of Crouse 2016, as written by
// P. M. Larsen) decision for decision, so it returns the same pairs, ties included:
//  - a tall matrix (rows > cols) is solved transposed; the output is then sorted by row;
//  - rows are augmented in order 0, 1, ...; each search scans the remaining columns starting
//    from the highest index (the list is filled in reverse, and a used column is replaced by the
//    last remaining one), relaxes a column only on a strictly smaller reduced cost (the first
//    row to reach a column keeps it), and picks the column of least reduced cost, where among
//    equal costs an unassigned column (a sink) wins over an assigned one and a later scanned sink
//    wins over an earlier one; the reduced costs are formed as minVal + c_ij - u_i - v_j.
//  Hence a constant matrix gives the identity, and ties follow that scan order.
// NaN or -inf entries are invalid; +inf entries are forbidden pairs; an assignment of min(rows,
// cols) pairs with finite cost must exist (else "infeasible"), like SciPy's ValueErrors.
#pragma once
#include <vector>

#include "core/result.h"

namespace mlviz {

struct Assignment {
    std::vector<int> Rows, Cols; // pairs (Rows[k], Cols[k]), Rows ascending
    double Total = 0.0;          // sum of cost[Rows[k]][Cols[k]] (of the input, not negated)
};

inline constexpr int kAssignMaxSide = 1000;

// `cost` is rows x cols, row-major. Empty matrices give an empty assignment.
Result<Assignment> LinearSumAssignment(const std::vector<double>& cost, int rows, int cols, bool maximize = false);

// Greedy matching: repeatedly takes the largest remaining value (ties: lower row, then lower
// column) whose row and column are both free, while it is >= min_value. NaN entries never match.
// Pairs sorted by row, like LinearSumAssignment.
Assignment GreedyMaxAssignment(const std::vector<double>& value, int rows, int cols, double min_value);

} // namespace mlviz
