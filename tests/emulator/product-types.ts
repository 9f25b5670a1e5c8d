// Product types for the emulated stores (docs/touchpoints.md §3): the seeds (Online Retail, CDNOW) have no
// product type, so one is DERIVED from the product's title, deterministically: the first rule whose word
// appears in the upper-cased title decides, in this order; a title that matches none has the type
// "Other [Derived]". Every derived type ends in "[Derived]", so figures built on them are labelled in the demo.
const RULES: readonly [RegExp, string][] = [
  [/\bCHRISTMAS\b|\bXMAS\b|\bADVENT\b/, "Christmas"],
  [/\bCANDLE|T-LIGHT|TEALIGHT|LANTERN/, "Candles and lights"],
  [
    /\bMUG\b|\bCUP\b|\bCUPS\b|\bTEA\b|\bTEAPOT\b|\bPLATE\b|\bBOWL\b|\bJAR\b|\bBOTTLE\b|\bCAKE\b|\bBAKING\b|\bLUNCH BOX\b/,
    "Kitchen and dining",
  ],
  [/\bBAG\b|\bBAGS\b|\bPURSE\b|\bTOTE\b/, "Bags"],
  [/\bCARD\b|\bCARDS\b|\bWRAP\b|\bPAPER\b|\bNOTEBOOK\b|\bPENCIL|\bSTICKER|\bTAPE\b/, "Stationery and gift wrap"],
  [/\bFRAME\b|\bSIGN\b|\bCLOCK\b|\bMIRROR\b|\bCUSHION\b|\bHOOK\b|\bHEART\b|\bDOORMAT\b|\bDECORATION\b/, "Home decor"],
  [/\bTOY\b|\bGAME\b|\bDOLL\b|\bPLAYHOUSE\b|\bJIGSAW\b|\bSPACEBOY\b|\bCHILDREN|\bKIDS\b/, "Toys and children"],
  [/\bNECKLACE\b|\bBRACELET\b|\bEARRINGS\b|\bRING\b|\bHAIR\b|\bJEWEL/, "Jewellery and accessories"],
  [/\bGARDEN\b|\bPLANT|\bFLOWER|\bBIRD\b/, "Garden"],
];

export function derivedProductType(title: string): string {
  const upper = title.toUpperCase();
  for (const [pattern, type] of RULES) if (pattern.test(upper)) return `${type} [Derived]`;
  return "Other [Derived]";
}
