// Input checks shared by the losses topic's cores (internal): each returns an empty Message when the input is
// fine, else a message naming what is wrong (keys translated in strings_en.tsv).
#pragma once
#include <cmath>
#include <span>

#include "core/message.h"
#include "topics/losses/core/losses_batch.h"

namespace mlviz::losses_detail {

// Shape within the bounds, every logit finite.
Message CheckLogits(const LossMatrix& logits);
// Same shape as the logits, every value in [0, 1].
Message CheckTargetMatrix(const LossMatrix& targets, const LossMatrix& logits);
// `what` names the vector in the message ("weight", "pos_weight"); each value finite and >= 0; the size is one
// of the allowed sizes (an allowed size of 0 means "may be empty").
Message CheckWeights(std::span<const double> values, const char* what, int size_a, int size_b);
Message CheckReduction(LossReduction r);

// Row-wise log-softmax and softmax of one row of K logits (max-shifted, as torch's log_softmax).
void LogSoftmaxRow(const double* z, int k, double* log_p, double* p);

// Σ of values, or the values themselves, per the reduction; `divisor` is the "mean" denominator.
void Reduce(std::vector<double>& values, LossReduction r, double divisor);

} // namespace mlviz::losses_detail
