package content

// CheckID reports what is wrong with an id (or alias, or category name), or
// "" when it is valid: 2 to 80 lower-case letters a-z, digits and single
// hyphens, not starting or ending with a hyphen.
func CheckID(id string) string { return checkID(id) }
