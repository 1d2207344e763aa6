// The `rewardClip` option shared by every fit (and `clip` of reward()): where a PPO pipeline clips rewards.
import { numberOption } from "../validation/columns";

/**
 * null (no clip) or a finite number > 0, clipping transformed rewards to [−clip, clip]: log-odds units for the
 * centered, per-prompt and raw-calibrated rewards, standard deviations for the whitened one (docs/DESIGN.md §5.6).
 */
export function rewardClipOption(value: unknown, name = "options.rewardClip"): number | null {
  if (value === undefined || value === null) return null;
  return numberOption(value, name, (c) => c > 0, "a finite number > 0, or null for no clip");
}
