// Internal to the anchors topic (anchor_*_view.cpp): its state struct, derived data and the
// view class, split over several files (controls, derived data, canvas, tabs, k-means).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "topics/anchors/core/anchor_match.h"
#include "topics/anchors/core/anchor_scene.h"
#include "topics/anchors/core/anchor_pipeline.h"
#include "topics/anchors/core/anchor_state.h"
#include "topics/anchors/core/fcos.h"
#include "ui/tr.h"
#include "core/image.h"
#include "topics/anchors/core/kmeans_anchors.h"
#include "imgui.h"
#include "ui/scene_canvas.h"
#include "ui/topic_view_base.h"
#include "ui/view.h"

namespace mlviz {

// Anchors of one level, matched, with per-GT summaries.
class AnchorsView final : public TopicViewOf<AnchorsState> {
public:
    AnchorsView() : TopicViewOf(AnchorsCodec()) {}
    void Draw(ViewContext& ctx) override;
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    void DrawPictures(ViewContext& ctx);
    bool OnFileDropped(std::string_view name, std::string_view bytes, std::string& error) override;

    // anchor_controls_view.cpp
    void DrawControls();

    // anchor_view.cpp: scenes, presets, URL state
    void LoadScene(bool keep_gt);
    bool LoadUserImage(std::string_view bytes, const std::string& what);
    void ApplyPreset(MatchPreset p);
    void AddGt(const Box& b, int kind);
    void DeleteGt(int index);

    // anchor_derived_view.cpp: derived data, recomputed only when its inputs change
    std::vector<Box> GtBoxes() const;
    void UpdateSingle();
    void UpdateFpn();
    void UpdateFcos();
    void UpdateKMeans();

    // anchor_canvas_view.cpp
    SceneCanvas BeginScene(ViewContext& ctx, float max_height);
    void EndScene(const SceneCanvas& c, const std::vector<int>& positives);
    void DrawSyntheticScene(const SceneCanvas& c);

    // anchor_tabs_view.cpp, anchor_fpn_view.cpp
    void DrawAnchorsTab(ViewContext& ctx);
    // The GT tables' first two cells: the box's id (click: select it) and its w×h.
    void DrawGtRowHead(int g);
    void DrawGtTable(const MatchedAnchors& m, bool per_level);
    void DrawFpnTab(ViewContext& ctx);
    void DrawFcosTab(ViewContext& ctx);

    // anchor_kmeans_view.cpp
    void DrawKMeansTab();

    // Scene
    Image SceneImage;  // what the canvas shows (the sample or the user's image)
    Image UserImage;   // kept so the scene combo can switch back to it
    Image StreetImage; // the sample, decoded once
    bool HasImage = false;
    std::uint64_t ImageVersion = 0;
    int ImageSlot = -1;
    std::vector<SceneObject> Objects; // synthetic scene drawing
    AnchorSceneState LoadedScene;
    bool SceneLoaded = false;
    std::string SceneError;
    std::array<char, 512> PathBuf{};

    // Derived data and the inputs it was made from
    MatchedAnchors Single, Fpn;
    AnchorsState SingleFor, FpnFor, FcosFor, KMeansFor;
    bool SingleValid = false, FpnValid = false, FcosValid = false, KMeansValid = false;
    FcosData Fcos;
    KMeansData KMeans;

    // Pointer drag in progress (transient UI, not part of the shareable state)
    int DragGt = -1;
    BoxGrip DragGrip = BoxGrip::None;
    Box DragStart;
    double DragX0 = 0.0, DragY0 = 0.0;
    bool DragMoved = false;
    bool DragCreating = false;
    bool PressOnEmpty = false;
};

// Shared small helpers (anchor_view.cpp)
void AnchorLabel(const char* text);
// A fixed-width table column wide enough for `label` and `sample` text.
void AnchorColumn(const char* label, const char* sample);
void AnchorGtColumns();                                // the GT tables' "GT" and "w×h" columns
void AnchorLevelCount(int level, int count);           // a per-level count cell: coloured, or "·" for 0
ImU32 AnchorStatusColor(int code, float alpha = 1.0f); // positive / ignored / negative
ImU32 AnchorLevelColor(int level, float alpha = 1.0f); // P2..P7

} // namespace mlviz
