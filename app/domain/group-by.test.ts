import { describe, expect, it } from "vitest";
import { groupBy, groupByCustomer } from "./group-by";

describe("groupByCustomer", () => {
  it("puts each customer's rows together in the order they came, customers in the order first seen", () => {
    const rows = [
      { customerId: "c2", id: "o1" },
      { customerId: "c1", id: "o2" },
      { customerId: "c2", id: "o3" },
      { customerId: "c1", id: "o4" },
      { customerId: "c2", id: "o5" },
    ];
    const groups = groupByCustomer(rows);
    expect([...groups.keys()]).toEqual(["c2", "c1"]);
    expect(groups.get("c2")!.map((row) => row.id)).toEqual(["o1", "o3", "o5"]);
    expect(groups.get("c1")!.map((row) => row.id)).toEqual(["o2", "o4"]);
  });

  it("keeps the rows themselves, and leaves a guest's order (no customer) out of every group", () => {
    const first = { customerId: "c1", id: "o1" };
    const guest = { customerId: null, id: "o2" };
    const groups = groupByCustomer([first, guest]);
    expect(groups.size).toBe(1);
    expect(groups.get("c1")![0]).toBe(first);
  });

  it("reads any iterable once, a generator too, and gives no groups for no rows", () => {
    function* rows() {
      yield { customerId: "c1", id: "o1" };
      yield { customerId: "c1", id: "o2" };
    }
    const [group] = groupByCustomer(rows()).values();
    expect(group.map((row) => row.id)).toEqual(["o1", "o2"]);
    expect(groupByCustomer([]).size).toBe(0);
  });
});

describe("groupBy", () => {
  it("groups by any key, numbers as well as text, and leaves out the items keyed null", () => {
    const fires = [
      { entryId: 7, step: 0 },
      { entryId: 3, step: 0 },
      { entryId: 7, step: 1 },
      { entryId: 0, step: 0 },
    ];
    const byEntry = groupBy(fires, (fire) => fire.entryId);
    expect([...byEntry].map(([entryId, group]) => [entryId, group.map((fire) => fire.step)])).toEqual([
      [7, [0, 1]],
      [3, [0]],
      [0, [0]],
    ]);
    expect(groupBy(fires, (fire) => (fire.step === 0 ? null : `step ${fire.step}`))).toEqual(new Map([["step 1", [fires[2]]]]));
  });
});
