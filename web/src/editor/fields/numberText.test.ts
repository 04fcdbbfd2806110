// A number field reads what was typed as that number or as a sentence; it never becomes another number.
import { describe, expect, it } from "vitest";
import type { FieldDescriptor } from "../graph/schemaForm";
import { readNumber, readStored, stepped } from "./numberText";

type NumberDescriptor = Extract<FieldDescriptor, { kind: "number" }>;
const base = { name: "x", description: "", advanced: false, kind: "number" as const, step: 1 };
const cropX: NumberDescriptor = { ...base, label: "Crop X", min: 0, max: 65535, integer: true };
const strength: NumberDescriptor = { ...base, label: "Strength", min: 0, max: 1, step: 0.05, integer: false };
const anything: NumberDescriptor = { ...base, label: "Seed", integer: false };

describe("readNumber", () => {
  it.each([
    ["-50", anything, -50], ["1e3", cropX, 1000], ["2.5E-1", strength, 0.25], [" 7 ", cropX, 7], [".5", strength, 0.5],
    ["1e308", anything, 1e308],
  ])("reads %s as the number typed", (text, field, value) => {
    expect(readNumber(text, field)).toEqual({ ok: true, value });
  });

  it.each([
    ["-50", cropX, "Crop X must be a whole number from 0 to 65535"],
    ["0.5", cropX, "Crop X must be a whole number from 0 to 65535"],
    ["99999999999", cropX, "Crop X must be a whole number from 0 to 65535"],
    ["1e308", cropX, "Crop X must be a whole number from 0 to 65535"],
    ["1e400", cropX, "1e400 is too large for Crop X, which takes a whole number from 0 to 65535"],
    ["9e999", anything, "9e999 is too large for Seed; enter a smaller number"],
    ["-1e400", anything, "-1e400 is too far below zero for Seed; enter one nearer zero"],
    ["12,5", anything, `Seed must be a number; "12,5" is not a number: write 12.5, with a point`],
    ["-0,25", strength, `Strength must be a number from 0 to 1; "-0,25" is not a number: write -0.25, with a point`],
    ["1,000", cropX, `Crop X must be a whole number from 0 to 65535; "1,000" is not a number: write 1000, without `
      + "commas"],
    ["12,5", cropX, `Crop X must be a whole number from 0 to 65535; "12,5" is not a number`],  // 12.5 would be refused too
    ["1,2,3", anything, `Seed must be a number; "1,2,3" is not a number`],
    ["1.5", strength, "Strength must be a number from 0 to 1"],
    ["abc", strength, `Strength must be a number from 0 to 1; "abc" is not a number`],
    ["0x10", anything, `Seed must be a number; "0x10" is not a number`],
    ["", cropX, "Enter a whole number from 0 to 65535 for Crop X"],
  ])("refuses %s with a sentence naming the range", (text, field, message) => {
    expect(readNumber(text, field)).toEqual({ ok: false, message });
  });
});

describe("readNumber of a number typed with full-width digits (a Japanese or Chinese keyboard)", () => {
  it.each([
    ["１２", cropX, 12], ["１２．５", anything, 12.5], ["－３", anything, -3], ["＋０．２５", strength, 0.25],
    ["　１ｅ３　", cropX, 1000], ["−3", anything, -3],  // a minus sign (U+2212) pasted from a document
  ])("reads %s as the number it shows", (text, field, value) => {
    expect(readNumber(text, field)).toEqual({ ok: true, value });
  });

  it("says what to write in the plain digits it read", () => {
    expect(readNumber("１２，５", anything)).toEqual({ ok: false,
      message: `Seed must be a number; "12,5" is not a number: write 12.5, with a point` });
    expect(readNumber("－５０", cropX)).toEqual({ ok: false, message: "Crop X must be a whole number from 0 to 65535" });
  });
});

describe("stepped", () => {
  it("steps within the range without float dust", () => {
    expect(stepped(0.1, strength, 1)).toBe(0.15);
    expect(stepped(1, strength, 1)).toBe(1);
    expect(stepped(0, cropX, -1)).toBe(0);
  });
});

describe("readStored", () => {
  it.each([
    [7, { text: "7", number: 7, problem: null }],
    ["7", { text: "7", number: 7, problem: null }],
    [undefined, { text: "", number: undefined, problem: null }],
    [-1, { text: "-1", number: -1, problem: "Crop X must be a whole number from 0 to 65535" }],
    ["abc", { text: "abc", number: undefined,
      problem: `Crop X must be a whole number from 0 to 65535; "abc" is not a number` }],
    // stored as the server reads it: a file's full-width text was never typed here, so it is not a number there
    ["１２", { text: "１２", number: undefined,
      problem: `Crop X must be a whole number from 0 to 65535; "１２" is not a number` }],
    [false, { text: "false", number: undefined,
      problem: "Crop X must be a whole number from 0 to 65535; false is not a number" }],
  ])("reads a stored %j as stored, never as another number", (value, reading) => {
    expect(readStored(value, cropX)).toEqual(reading);
  });
});
