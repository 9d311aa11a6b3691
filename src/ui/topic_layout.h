// The layout every topic shares: a controls column on the left and the pictures filling the
// rest. With controls=0 (embed mode, ViewContext::ShowControls false) only the pictures are
// drawn, so no view can forget the flag; tests find the column by its window name "controls".
#pragma once
#include <functional>

#include "ui/view.h"

namespace mlviz {

struct TopicLayout {
    float ControlsEm = 13.0f; // width of the controls column, in font sizes
};

// Calls `controls` inside the controls column (when shown), then `pictures` inside the rest.
void DrawTopicLayout(const ViewContext& ctx, const std::function<void()>& controls, const std::function<void()>& pictures,
                     TopicLayout layout = {});

} // namespace mlviz
