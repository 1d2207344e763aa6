// The `rewardClip` option shared by every fit: where a PPO pipeline clips normalized rewards.
import { numberOption } from "../validation/columns";

/** null (no clip) or a finite number > 0, clipping normalized rewards to [−clip, clip]. */
export function rewardClipOption(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return numberOption(value, "options.rewardClip", (c) => c > 0, "a finite number > 0, or null for no clip");
}
