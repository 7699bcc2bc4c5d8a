/**
 * A deliberately naive maximum flow (Edmonds–Karp on a capacity matrix), independent of the assignment code,
 * used as the oracle for what an assignment can achieve. Only for small test instances.
 */

export interface FlowInstance {
  jurorIds: readonly number[];
  entryIds: readonly number[];
  isEligible: (jurorId: number, entryId: number) => boolean;
  /** Jurors wanted per entry. */
  demand: (entryId: number) => number;
}

class FlowNetwork {
  private readonly capacity: number[][];

  constructor(readonly size: number) {
    this.capacity = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  }

  residual(from: number, to: number): number {
    return (this.capacity[from] as number[])[to] as number;
  }

  add(from: number, to: number, value: number): void {
    (this.capacity[from] as number[])[to] = this.residual(from, to) + value;
  }

  maxFlow(source: number, sink: number): number {
    let flow = 0;
    for (;;) {
      const parent = this.shortestPath(source, sink);
      if (parent === null) return flow;
      let bottleneck = Infinity;
      for (let node = sink; node !== source; node = parent[node] as number) {
        bottleneck = Math.min(bottleneck, this.residual(parent[node] as number, node));
      }
      for (let node = sink; node !== source; node = parent[node] as number) {
        this.add(parent[node] as number, node, -bottleneck);
        this.add(node, parent[node] as number, bottleneck);
      }
      flow += bottleneck;
    }
  }

  private shortestPath(source: number, sink: number): number[] | null {
    const parent = new Array<number>(this.size).fill(-1);
    parent[source] = source;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (let next = 0; next < this.size; next++) {
        if (parent[next] !== -1 || this.residual(node, next) <= 0) continue;
        parent[next] = node;
        if (next === sink) return parent;
        queue.push(next);
      }
    }
    return null;
  }
}

/**
 * Nodes: source, entries, jurors, sink, and two spare nodes for lower bounds. Entry → juror edges of 1 for
 * every eligible pair.
 */
function bipartite(instance: FlowInstance): {
  network: FlowNetwork;
  entryNode: (index: number) => number;
  jurorNode: (index: number) => number;
  source: number;
  sink: number;
  superSource: number;
  superSink: number;
} {
  const { jurorIds, entryIds } = instance;
  const entryNode = (index: number): number => 1 + index;
  const jurorNode = (index: number): number => 1 + entryIds.length + index;
  const sink = 1 + entryIds.length + jurorIds.length;
  const network = new FlowNetwork(sink + 3);
  entryIds.forEach((entryId, e) => {
    jurorIds.forEach((jurorId, j) => {
      if (instance.isEligible(jurorId, entryId)) network.add(entryNode(e), jurorNode(j), 1);
    });
  });
  return { network, entryNode, jurorNode, source: 0, sink, superSource: sink + 1, superSink: sink + 2 };
}

/** The largest number of juror × entry pairs respecting eligibility, demand and a per-juror capacity. */
export function maxAssignments(instance: FlowInstance & { jurorCapacity: number }): number {
  const { network, entryNode, jurorNode, source, sink } = bipartite(instance);
  instance.entryIds.forEach((entryId, e) => network.add(source, entryNode(e), instance.demand(entryId)));
  instance.jurorIds.forEach((_, j) => network.add(jurorNode(j), sink, Math.min(instance.jurorCapacity, 1e9)));
  return network.maxFlow(source, sink);
}

/**
 * Whether every entry can get exactly its demand with every juror's load within [minLoad, maxLoad]
 * (the classic reduction of lower bounds to a maximum flow between a super source and a super sink).
 */
export function fitsWithLoadsBetween(instance: FlowInstance & { minLoad: number; maxLoad: number }): boolean {
  const { network, entryNode, jurorNode, source, sink, superSource, superSink } = bipartite(instance);
  let lowerBoundTotal = 0;
  instance.entryIds.forEach((entryId, e) => {
    // source → entry carries exactly the demand: all of it is lower bound.
    const demand = instance.demand(entryId);
    network.add(superSource, entryNode(e), demand);
    network.add(source, superSink, demand);
    lowerBoundTotal += demand;
  });
  instance.jurorIds.forEach((_, j) => {
    network.add(jurorNode(j), sink, instance.maxLoad - instance.minLoad);
    network.add(jurorNode(j), superSink, instance.minLoad);
    network.add(superSource, sink, instance.minLoad);
    lowerBoundTotal += instance.minLoad;
  });
  network.add(sink, source, 1e9);
  return network.maxFlow(superSource, superSink) === lowerBoundTotal;
}
