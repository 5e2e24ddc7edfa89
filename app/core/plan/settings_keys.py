"""The settings keys the plan reads, in a module of their own: the Today page's redraw rule
(app/core/plan/replan.py) names them before the first paint, without loading the plan."""

EQUIPMENT_KEY = "equipment"  # settings key: {"missing": [item, ...]}; absent: not asked yet
PINCH_ANSWERS_KEY = "pinch_answers"  # settings key: {slug: ISO time of "assessed or pain-free"}
