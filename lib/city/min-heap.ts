/**
 * A binary min-heap of `(priority, value)` pairs in growable typed arrays, for A*.
 * No decrease-key: callers push again and skip stale entries, which is simpler and, for
 * road graphs with a handful of edges per node, as fast.
 */
export interface MinHeap {
  readonly size: number;
  push(value: number, priority: number): void;
  /** Removes and returns the value with the smallest priority; -1 when empty. */
  pop(): number;
}

export function createMinHeap(initialCapacity = 256): MinHeap {
  let values = new Int32Array(initialCapacity);
  let priorities = new Float64Array(initialCapacity);
  let size = 0;

  const swap = (i: number, j: number) => {
    const v = values[i] as number;
    values[i] = values[j] as number;
    values[j] = v;
    const p = priorities[i] as number;
    priorities[i] = priorities[j] as number;
    priorities[j] = p;
  };

  return {
    get size() {
      return size;
    },
    push(value, priority) {
      if (size === values.length) {
        const grownValues = new Int32Array(size * 2);
        grownValues.set(values);
        values = grownValues;
        const grownPriorities = new Float64Array(size * 2);
        grownPriorities.set(priorities);
        priorities = grownPriorities;
      }
      let i = size++;
      values[i] = value;
      priorities[i] = priority;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((priorities[parent] as number) <= (priorities[i] as number)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (size === 0) return -1;
      const top = values[0] as number;
      size--;
      if (size > 0) {
        values[0] = values[size] as number;
        priorities[0] = priorities[size] as number;
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          const right = left + 1;
          let smallest = i;
          if (left < size && (priorities[left] as number) < (priorities[smallest] as number)) smallest = left;
          if (right < size && (priorities[right] as number) < (priorities[smallest] as number)) smallest = right;
          if (smallest === i) break;
          swap(i, smallest);
          i = smallest;
        }
      }
      return top;
    },
  };
}
