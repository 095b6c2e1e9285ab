// The content of this fixture is in its HTML; it is complete once parsed.
window.hostile.built();
