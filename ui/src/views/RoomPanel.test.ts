import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setPlatform, setTransport, type Command, type Reply } from "../lib/api";
import type { RoomControl } from "../lib/bindings/RoomControl";
import type { RoomReply } from "../lib/bindings/RoomReply";
import type { RoomStatus } from "../lib/bindings/RoomStatus";
import RoomPanel from "./RoomPanel.svelte";

afterEach(cleanup);

const areas = [{ id: "a1", code: "LB01", catalog_key: null, title: "Verwaltung", description: "", selected: true, vision: "", rationale: "", responsible: "", dimension_keys: [], order: 1 }];

function status(revealed: boolean): RoomStatus {
  return {
    url: "http://192.168.1.20:40123/r/abc/",
    pin: "4711",
    heading: "Punkte für die Maßnahmen",
    mode: "vote",
    running: true,
    devices: 2,
    revealed,
    items: [{ label: "M-01-01 <b>Bürgerbüro</b>", total: 3, gone: false }],
    ideas: [],
    dots: 3,
    write_problem: null,
    seconds_left: 5400,
  };
}

function fakeRoom() {
  const controls: RoomControl[] = [];
  let revealed = false;
  setPlatform({
    room: async (c): Promise<RoomReply> => {
      controls.push(c);
      if (c === "interfaces") return { kind: "interfaces", data: [{ name: "wlan0", address: "192.168.1.20", loopback: false }] };
      if (c === "status" && controls.filter((x) => typeof x === "object").length === 0) return { kind: "idle" };
      if (c === "reveal") revealed = true;
      if (c === "stop") return { kind: "ended", data: { ...status(revealed), running: false } };
      return { kind: "room", data: { status: status(revealed), qr_svg: "<svg/>", event_label: "Zukunftswerkstatt, 30.11.2026", intro: "" } };
    },
  });
  return controls;
}

function fakeCore() {
  const sent: Command[] = [];
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "goals" in c) {
      return { kind: "goals", data: { events: [] } } as unknown as Reply;
    }
    if (typeof c === "object" && "room" in c && typeof c.room === "object" && "prepare" in c.room) {
      return {
        kind: "room_plan",
        data: { event_id: "e1", event_label: "Zukunftswerkstatt, 30.11.2026", mode: c.room.prepare.mode, heading: "Punkte für die Lebensbereiche", intro: "", items: [{ id: "a1", number: "LB01", label: "Verwaltung", votes: 5 }] },
      };
    }
    if (typeof c === "object" && "room" in c) return { kind: "room_dots", data: { skipped: [] } };
    throw { code: "internal", message: "unerwartet" };
  });
  return sent;
}

describe("Abstimmung per Handy", () => {
  it("starts on the chosen network, hides the totals until „Aufdecken“ and ends with a summary", async () => {
    const controls = fakeRoom();
    fakeCore();
    let closed: boolean | null = null;
    render(RoomPanel, { areas, onclose: (changed: boolean) => (closed = changed) });
    await waitFor(() => expect((screen.getByTestId("room-network") as HTMLSelectElement).value).toBe("192.168.1.20"));
    await fireEvent.change(screen.getByTestId("room-what"), { target: { value: "vote_measures" } });
    await fireEvent.click(screen.getByTestId("room-hidden"));
    await fireEvent.click(screen.getByTestId("room-start"));
    await waitFor(() => expect(screen.getByTestId("room-pin").textContent).toBe("4711"));
    const start = controls.find((c) => typeof c === "object" && "start" in c) as Extract<RoomControl, { start: unknown }>;
    expect(start.start.address).toBe("192.168.1.20");
    expect(start.start.mode).toEqual({ what: "vote_measures" });
    expect(start.start.rules.hidden).toBe(true);
    expect(screen.getByTestId("room-counts").textContent).toBe("2 Handys verbunden · 3 Punkte · noch 90 min");
    expect(screen.getByTestId("room-item").textContent).toContain("?");
    expect(screen.getByTestId("room-item").textContent).toContain("M-01-01 <b>Bürgerbüro</b>");
    await fireEvent.click(screen.getByTestId("room-reveal"));
    await waitFor(() => expect(screen.getByTestId("room-item").querySelector(".total")?.textContent).toBe("3"));
    await fireEvent.click(screen.getByTestId("room-stop"));
    await waitFor(() => expect(screen.getByTestId("room-ended").textContent).toContain("2 Handys · 3 Punkte"));
    await fireEvent.click(screen.getByTestId("room-close"));
    expect(closed).toBe(true);
  });

  it("sends the counted dots from paper as differences, one typing session", async () => {
    fakeRoom();
    const sent = fakeCore();
    render(RoomPanel, { areas, onclose: () => undefined });
    await fireEvent.change(screen.getByTestId("room-what"), { target: { value: "vote_life_areas" } });
    await fireEvent.click(screen.getByTestId("paper-enter"));
    const field = await waitFor(() => screen.getByTestId("paper-count"));
    await fireEvent.input(field, { target: { value: "12" } });
    await fireEvent.change(field);
    await waitFor(() => expect(screen.getByTestId("paper-total").textContent).toBe("12 Punkte eingetragen"));
    await fireEvent.input(field, { target: { value: "10" } });
    await fireEvent.change(field);
    await waitFor(() => expect(screen.getByTestId("paper-total").textContent).toBe("10 Punkte eingetragen"));
    const dots = sent.flatMap((c) => (typeof c === "object" && "room" in c && typeof c.room === "object" && "add_dots" in c.room ? [c.room.add_dots] : []));
    expect(dots.map((d) => d.dots[0].delta)).toEqual([12, -2]);
    expect(new Set(dots.map((d) => d.session)).size).toBe(1);
    expect(dots[0]).toMatchObject({ event_id: "e1", target: "life_areas" });
  });
});
