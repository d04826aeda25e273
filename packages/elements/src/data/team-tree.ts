// The team tree a team selection walks, built by the coordinator once the views have drawn. Its own chunk: the
// hierarchy code comes with the views' query code, not in every element's bundle.
import { teamHierarchy, type Connector } from '@plumb/core/queries';

export async function buildTeamTree(connector: Connector): Promise<void> {
  await teamHierarchy(connector);
}
