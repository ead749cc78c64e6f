export default defineBackground(() => {
  // Engine wiring lands with the worker module.
});
